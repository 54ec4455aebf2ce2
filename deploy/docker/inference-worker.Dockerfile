# syntax=docker/dockerfile:1
# PoofBG inference-worker, CPU flavour: Quarkus JVM layout with DJL's PyTorch engine (CPU libtorch
# from the pytorch-native-cpu jar on the classpath).
#
#   ./mvnw -B -pl inference-worker -am package -DskipTests
#   docker build -f deploy/docker/inference-worker.Dockerfile -t poofbg/inference-worker:0.1.0-cpu inference-worker/target/quarkus-app
FROM eclipse-temurin:17-jre-noble

# jemalloc: libtorch reuses freed memory poorly under glibc malloc (RSS grows job after job).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 \
 && rm -rf /var/lib/apt/lists/* \
 && test -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2

RUN groupadd --system --gid 185 poofbg \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin poofbg \
 && mkdir -p /var/cache/djl && chown 185:185 /var/cache/djl

WORKDIR /deployments
COPY lib/ /deployments/lib/
COPY quarkus-run.jar /deployments/
COPY app/ /deployments/app/
COPY quarkus/ /deployments/quarkus/

# DJL never reaches the network (offline model zoo, no usage tracking); it extracts the native
# engine into DJL_CACHE_DIR (an emptyDir in Kubernetes, where the root filesystem is read-only).
# OpenMP threads sleep instead of spinning between forward passes.
ENV LANG=C.UTF-8 \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8082 \
    OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/var/cache/djl \
    ENGINE_CACHE_DIR=/var/cache/djl \
    OMP_WAIT_POLICY=PASSIVE \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    MALLOC_CONF=oversize_threshold:0,background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000 \
    POOF_FETCH_ALLOW_LOOPBACK=false \
    JAVA_OPTS="-Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    JAVA_OPTS_APPEND=""

EXPOSE 8082
USER 185:185
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
