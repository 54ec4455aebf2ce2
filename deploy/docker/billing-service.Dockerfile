# syntax=docker/dockerfile:1
# PoofBG billing-service: Quarkus JVM layout (target/quarkus-app), non-root, read-only friendly.
#
#   ./mvnw -B -pl billing-service -am package -DskipTests
#   docker build -f deploy/docker/billing-service.Dockerfile -t poofbg/billing-service:0.1.0 billing-service/target/quarkus-app
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
    QUARKUS_HTTP_PORT=8081 \
    JAVA_OPTS="-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    JAVA_OPTS_APPEND=""

EXPOSE 8081
USER 185:185
# exec: the JVM is PID 1 and receives SIGTERM for a graceful shutdown.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
