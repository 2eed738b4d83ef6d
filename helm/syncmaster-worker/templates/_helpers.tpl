{{/* Chart name, truncated to 63 characters (a label value). */}}
{{- define "syncmaster-worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's resources: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "syncmaster-worker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "syncmaster-worker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "syncmaster-worker.labels" -}}
helm.sh/chart: {{ include "syncmaster-worker.chart" . }}
{{ include "syncmaster-worker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: syncmaster
{{- end }}

{{/* Labels selecting the operator pods. */}}
{{- define "syncmaster-worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "syncmaster-worker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The operator's ServiceAccount. */}}
{{- define "syncmaster-worker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "syncmaster-worker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The run pods' ServiceAccount ("" = the namespace's default one). */}}
{{- define "syncmaster-worker.runServiceAccountName" -}}
{{- if .Values.runs.serviceAccount.create }}
{{- default (printf "%s-run" (include "syncmaster-worker.fullname" .) | trunc 63 | trimSuffix "-") .Values.runs.serviceAccount.name }}
{{- else }}
{{- .Values.runs.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret with SYNCMASTER__DATABASE__URL, SYNCMASTER__BROKER__URL and SYNCMASTER__ENCRYPTION__SECRET_KEY. */}}
{{- define "syncmaster-worker.secretName" -}}
{{- default (include "syncmaster-worker.fullname" .) .Values.syncmaster.existingSecret }}
{{- end }}

{{- define "syncmaster-worker.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "syncmaster-worker.jobRunnerImage" -}}
{{- printf "%s:%s" .Values.runs.image.repository (default .Chart.AppVersion .Values.runs.image.tag) }}
{{- end }}

{{/* Leader election is on exactly when more than one replica runs. */}}
{{- define "syncmaster-worker.leaderElection" -}}
{{- if gt (int .Values.replicaCount) 1 }}true{{ else }}false{{ end }}
{{- end }}

{{- define "syncmaster-worker.leaseName" -}}
{{- default (include "syncmaster-worker.fullname" .) .Values.operator.leaseName }}
{{- end }}

{{/* Where the settings file is mounted (SYNCMASTER_CONFIG_FILE). */}}
{{- define "syncmaster-worker.configFile" -}}
/etc/syncmaster-worker/config.yml
{{- end }}

{{/*
Resource name of a queue: queues[].name, or the slug made a DNS-1123 label (lower case, every character other
than a-z, 0-9 and "-" becomes "-", no leading or trailing "-", at most 63 characters).
*/}}
{{- define "syncmaster-worker.queueName" -}}
{{- if .name }}
{{- .name }}
{{- else }}
{{- regexReplaceAll "[^a-z0-9-]" (lower .slug) "-" | trunc 63 | trimAll "-" }}
{{- end }}
{{- end }}

{{/*
The settings file (SYNCMASTER_CONFIG_FILE): everything but the three secrets, which come from the Secret as
SYNCMASTER__* environment variables. Keys are the ones OperatorSettings and common's Settings read.
*/}}
{{- define "syncmaster-worker.config" -}}
{{- $runDefaults := dict
    "image_pull_policy" .Values.runs.image.pullPolicy
    "start_timeout_seconds" (int64 .Values.runs.startTimeoutSeconds)
    "active_deadline_seconds" (int64 .Values.runs.activeDeadlineSeconds)
    "ttl_seconds_after_finished" (int64 .Values.runs.ttlSecondsAfterFinished) }}
{{- $runSa := include "syncmaster-worker.runServiceAccountName" . }}
{{- if $runSa }}
{{- $_ := set $runDefaults "service_account_name" $runSa }}
{{- end }}
{{- $runPolicy := dict }}
{{- range $key, $setting := dict "images" "images" "serviceAccounts" "service_accounts" "env" "env" "secrets" "secrets" }}
{{- with (get (default dict $.Values.runs.policy) $key) }}
{{- $_ := set $runPolicy $setting . }}
{{- end }}
{{- end }}
{{- $operator := dict
    "namespace" .Release.Namespace
    "job_runner_image" (include "syncmaster-worker.jobRunnerImage" .)
    "resync_seconds" (int64 .Values.operator.resyncSeconds)
    "prefetch" (int64 .Values.operator.prefetch)
    "metrics_port" (int64 .Values.metrics.port)
    "leader_election" (dict "enabled" (eq (include "syncmaster-worker.leaderElection" .) "true") "lease_name" (include "syncmaster-worker.leaseName" .))
    "run_defaults" $runDefaults }}
{{- if $runPolicy }}
{{- $_ := set $operator "run_policy" $runPolicy }}
{{- end }}
{{- $worker := dict
    "log_url_template" .Values.syncmaster.logUrlTemplate
    "spark_session_default_config" .Values.syncmaster.sparkSessionDefaultConfig }}
{{- toYaml (dict "worker" $worker "operator" $operator) }}
{{- end }}
