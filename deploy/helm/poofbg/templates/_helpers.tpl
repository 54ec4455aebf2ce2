{{/* Names */}}
{{- define "poofbg.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "poofbg.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's resources: (dict "root" $ "component" "api-gateway") */}}
{{- define "poofbg.componentName" -}}
{{- printf "%s-%s" (include "poofbg.fullname" .root) .component -}}
{{- end -}}

{{- define "poofbg.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels: (dict "root" $ "component" "api-gateway") */}}
{{- define "poofbg.labels" -}}
helm.sh/chart: {{ include "poofbg.chart" .root }}
{{ include "poofbg.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: poofbg
{{- end -}}

{{- define "poofbg.selectorLabels" -}}
app.kubernetes.io/name: {{ include "poofbg.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* ServiceAccount name: (dict "root" $ "component" "api-gateway" "sa" .Values.apiGateway.serviceAccount) */}}
{{- define "poofbg.serviceAccountName" -}}
{{- if .sa.create -}}
{{- default (include "poofbg.componentName" .) .sa.name -}}
{{- else -}}
{{- default "default" .sa.name -}}
{{- end -}}
{{- end -}}

{{/* Image of a PoofBG service: (dict "root" $ "image" .Values.apiGateway.image "suffix" "") */}}
{{- define "poofbg.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- $repo := .image.repository -}}
{{- if .root.Values.image.registry -}}
{{- $repo = printf "%s/%s" .root.Values.image.registry $repo -}}
{{- end -}}
{{- printf "%s:%s%s" $repo $tag (default "" .suffix) -}}
{{- end -}}

{{/* Third-party image: (dict "root" $ "image" .Values.kafka.bundled.image) */}}
{{- define "poofbg.infraImage" -}}
{{- printf "%s:%s" .image.repository .image.tag -}}
{{- end -}}

{{/* Worker image flavour: cpu or cuda */}}
{{- define "poofbg.workerFlavor" -}}
{{- if .Values.inferenceWorker.image.flavor -}}
{{- .Values.inferenceWorker.image.flavor -}}
{{- else if .Values.inferenceWorker.gpu.enabled -}}
cuda
{{- else -}}
cpu
{{- end -}}
{{- end -}}

{{/*
libtorch threads per forward pass: libtorch counts the node's cores, not the container's CPU
limit, so derive it from the limit shared by the concurrent jobs (at least 1).
*/}}
{{- define "poofbg.workerIntraOpThreads" -}}
{{- $w := .Values.inferenceWorker -}}
{{- $cpu := toString (default "1" (index $w.resources.limits "cpu")) -}}
{{- $millis := ternary (int (trimSuffix "m" $cpu)) (int (mulf (float64 $cpu) 1000)) (hasSuffix "m" $cpu) -}}
{{- max 1 (div $millis 1000) -}}
{{- end -}}

{{/* Infrastructure endpoints: external values, or the bundled StatefulSets */}}
{{- define "poofbg.kafka.bootstrapServers" -}}
{{- if .Values.kafka.bundled.enabled -}}
{{- printf "%s:9092" (include "poofbg.componentName" (dict "root" . "component" "kafka")) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required when kafka.bundled.enabled is false" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "poofbg.postgresql.hostPort" -}}
{{- if .Values.postgresql.bundled.enabled -}}
{{- printf "%s:5432" (include "poofbg.componentName" (dict "root" . "component" "postgresql")) -}}
{{- else -}}
{{- printf "%s:%d" (required "postgresql.host is required when postgresql.bundled.enabled is false" .Values.postgresql.host) (int .Values.postgresql.port) -}}
{{- end -}}
{{- end -}}

{{/* JDBC and reactive URLs: (dict "root" $ "db" .Values.postgresql.gateway) */}}
{{- define "poofbg.postgresql.path" -}}
{{- $params := .root.Values.postgresql.urlParameters -}}
{{- printf "%s/%s%s" (include "poofbg.postgresql.hostPort" .root) .db.database (ternary (printf "?%s" $params) "" (ne $params "")) -}}
{{- end -}}

{{- define "poofbg.redis.hosts" -}}
{{- if .Values.redis.bundled.enabled -}}
{{- printf "redis://%s:6379/0" (include "poofbg.componentName" (dict "root" . "component" "redis")) -}}
{{- else -}}
{{- required "redis.hosts is required when redis.bundled.enabled is false" .Values.redis.hosts -}}
{{- end -}}
{{- end -}}

{{- define "poofbg.storage.endpoint" -}}
{{- if .Values.storage.bundled.enabled -}}
{{- printf "http://%s:9000" (include "poofbg.componentName" (dict "root" . "component" "minio")) -}}
{{- else -}}
{{- required "storage.endpoint is required when storage.bundled.enabled is false" .Values.storage.endpoint -}}
{{- end -}}
{{- end -}}

{{/* Environment from a Secret key: (dict "name" "ENV" "secret" "s" "key" "k") */}}
{{- define "poofbg.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "a Secret name is required for %s" .name) .secret | quote }}
      key: {{ required (printf "a Secret key is required for %s" .name) .key | quote }}
{{- end -}}

{{- define "poofbg.storageSecretEnv" -}}
{{ include "poofbg.secretEnv" (dict "name" "POOF_STORAGE_ACCESS_KEY" "secret" .Values.storage.existingSecret "key" .Values.storage.accessKeyKey) }}
{{ include "poofbg.secretEnv" (dict "name" "POOF_STORAGE_SECRET_KEY" "secret" .Values.storage.existingSecret "key" .Values.storage.secretKeyKey) }}
{{- end -}}

{{/* Probes on the Quarkus SmallRye Health endpoints: (dict "startupFailures" 30) */}}
{{- define "poofbg.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: {{ .startupFailures }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Prometheus scrape annotations: (dict "root" $ "port" 8080) */}}
{{- define "poofbg.metricsAnnotations" -}}
{{- if .root.Values.metrics.prometheusAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /q/metrics
{{- end }}
{{- end -}}

{{/* Soft spread of a component's pods across nodes: (dict "root" $ "component" "api-gateway" "enabled" true) */}}
{{- define "poofbg.topologySpread" -}}
{{- if .enabled }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "poofbg.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{/* NetworkPolicy peer for the metrics scrapers' namespace, when one is configured */}}
{{- define "poofbg.metricsPeer" -}}
{{- with .Values.networkPolicy.metricsNamespaceSelector }}
- namespaceSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* Writable /tmp for a read-only root filesystem */}}
{{- define "poofbg.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "poofbg.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ default "256Mi" .sizeLimit }}
{{- end -}}

{{/* A Job or bundled pod that must not mount an API token */}}
{{- define "poofbg.infraSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Guards that keep the worker's scaling within the topic's partitions */}}
{{/* Tracing settings of every service's ConfigMap: exported only where a collector is named. */}}
{{- define "poofbg.tracingEnv" -}}
{{- with .Values.common.tracing.otlpEndpoint }}
QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {{ . | quote }}
QUARKUS_OTEL_TRACES_SAMPLER_ARG: {{ $.Values.common.tracing.sampleRatio | quote }}
{{- else }}
QUARKUS_OTEL_TRACES_SAMPLER_ARG: "0.0"
{{- end }}
{{- end -}}

{{- define "poofbg.validate" -}}
{{- $w := .Values.inferenceWorker -}}
{{- $partitions := int .Values.kafka.topics.requestedPartitions -}}
{{- if and (or $w.autoscaling.enabled $w.autoscaling.keda.enabled) (gt (int $w.autoscaling.maxReplicas) $partitions) -}}
{{- fail (printf "inferenceWorker.autoscaling.maxReplicas (%d) must not exceed kafka.topics.requestedPartitions (%d): consumers beyond the partition count stay idle" (int $w.autoscaling.maxReplicas) $partitions) -}}
{{- end -}}
{{- if gt (int $w.replicaCount) $partitions -}}
{{- fail (printf "inferenceWorker.replicaCount (%d) must not exceed kafka.topics.requestedPartitions (%d)" (int $w.replicaCount) $partitions) -}}
{{- end -}}
{{- if gt (int $w.autoscaling.minReplicas) (int $w.autoscaling.maxReplicas) -}}
{{- fail "inferenceWorker.autoscaling.minReplicas must not exceed maxReplicas" -}}
{{- end -}}
{{- if le (int $w.terminationGracePeriodSeconds) (add (int $w.maxJobSeconds) (int $w.preStopSleepSeconds)) -}}
{{- fail (printf "inferenceWorker.terminationGracePeriodSeconds (%d) must exceed maxJobSeconds + preStopSleepSeconds (%d) so an in-flight inference can finish" (int $w.terminationGracePeriodSeconds) (add (int $w.maxJobSeconds) (int $w.preStopSleepSeconds))) -}}
{{- end -}}
{{- $gw := .Values.apiGateway -}}
{{- if lt (sub (int $gw.terminationGracePeriodSeconds) (add (int $gw.preStopSleepSeconds) 5)) 60 -}}
{{- fail (printf "apiGateway.terminationGracePeriodSeconds (%d) must leave 60 s for waiting requests after preStopSleepSeconds + 5 s" (int $gw.terminationGracePeriodSeconds)) -}}
{{- end -}}
{{- $billing := .Values.billingService -}}
{{- if lt (sub (int $billing.terminationGracePeriodSeconds) (add (int $billing.preStopSleepSeconds) 5)) 5 -}}
{{- fail "billingService.terminationGracePeriodSeconds must exceed preStopSleepSeconds + 10 s" -}}
{{- end -}}
{{- range (concat .Values.common.extraEnv $w.extraEnv) -}}
{{- if eq .name "POOF_FETCH_ALLOW_LOOPBACK" -}}
{{- fail "POOF_FETCH_ALLOW_LOOPBACK is a local/test-only setting; the chart keeps loopback fetching off" -}}
{{- end -}}
{{- end -}}
{{- range (concat .Values.common.extraEnv .Values.apiGateway.extraEnv) -}}
{{- if eq .name "POOF_WEBHOOKS_ALLOW_LOOPBACK" -}}
{{- fail "POOF_WEBHOOKS_ALLOW_LOOPBACK is a local/test-only setting; the chart keeps webhook targets public and https" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.kafka.bundled.enabled (gt (int .Values.kafka.topics.replicationFactor) 1) -}}
{{- fail "kafka.topics.replicationFactor must be 1 with the bundled single-node Kafka" -}}
{{- end -}}
{{- if and (eq .Values.kafka.provisioning.mode "strimzi") (not .Values.kafka.provisioning.strimziCluster) -}}
{{- fail "kafka.provisioning.strimziCluster is required when kafka.provisioning.mode is strimzi" -}}
{{- end -}}
{{- end -}}
