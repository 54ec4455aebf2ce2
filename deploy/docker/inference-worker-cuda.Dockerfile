# syntax=docker/dockerfile:1
# PoofBG inference-worker, CUDA flavour: the same application packaged with the Maven profile
# -Pcuda (the worker's pom: libtorch 2.5.1 cu124 through DJL 0.33.0 instead of the CPU libtorch;
# nothing else changes), on the matching NVIDIA CUDA 12.4 runtime base. The node needs an NVIDIA
# driver for CUDA 12.4 (>= 550) and the device plugin (nvidia.com/gpu).
#
#   ./mvnw -B -pl inference-worker -am package -DskipTests -Pcuda
#   docker build -f deploy/docker/inference-worker-cuda.Dockerfile -t poofbg/inference-worker:0.1.0-cuda inference-worker/target/quarkus-app
FROM eclipse-temurin:17-jre-jammy AS jre

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04

# jemalloc: libtorch reuses freed host memory poorly under glibc malloc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && test -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2

COPY --from=jre /opt/java/openjdk /opt/java/openjdk

RUN groupadd --system --gid 185 poofbg \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin poofbg \
 && mkdir -p /var/cache/djl && chown 185:185 /var/cache/djl

WORKDIR /deployments
COPY lib/ /deployments/lib/
COPY quarkus-run.jar /deployments/
COPY app/ /deployments/app/
COPY quarkus/ /deployments/quarkus/

# A CPU build copied here by mistake would run on the CPU of an expensive GPU node: refuse it.
RUN if ls /deployments/lib/main | grep -q 'pytorch-native-cpu'; then \
      echo "target/quarkus-app holds the CPU libtorch: package the worker with -Pcuda" >&2; exit 1; \
    fi

ENV LANG=C.UTF-8 \
    JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8082 \
    POOF_MODEL_DEVICE=gpu \
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
