# syntax=docker/dockerfile:1
# PoofBG api-gateway: Quarkus JVM layout (target/quarkus-app), non-root, read-only friendly.
#
#   ./mvnw -B -pl api-gateway -am package -DskipTests
#   docker build -f deploy/docker/api-gateway.Dockerfile -t poofbg/api-gateway:0.1.0 api-gateway/target/quarkus-app
#
# The build context is the module's target/quarkus-app. The application files stay owned by root:
# the service user can read them, not change them. Only /tmp must be writable.
FROM eclipse-temurin:17-jre-noble

RUN groupadd --system --gid 185 poofbg \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin poofbg

WORKDIR /deployments
# Layers from the least to the most frequently changed.
COPY lib/ /deployments/lib/
COPY quarkus-run.jar /deployments/
COPY app/ /deployments/app/
COPY quarkus/ /deployments/quarkus/

ENV LANG=C.UTF-8 \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080 \
    JAVA_OPTS="-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    JAVA_OPTS_APPEND=""

EXPOSE 8080
USER 185:185
# exec: the JVM is PID 1 and receives SIGTERM for a graceful shutdown.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
