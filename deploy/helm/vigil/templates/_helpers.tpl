{{- define "vigil.labels" -}}
app.kubernetes.io/name: vigil
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* The container every role runs: the same image and settings, VIGIL_ROLE apart. */}}
{{- define "vigil.container" -}}
- name: vigil
  image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag }}"
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  ports:
    - name: http
      containerPort: 8080
  env:
    - name: VIGIL_ROLE
      value: {{ .role }}
    - name: DATASOURCES_DEFAULT_URL
      value: {{ .root.Values.database.url | quote }}
    - name: DATASOURCES_DEFAULT_USERNAME
      value: {{ .root.Values.database.username | quote }}
    - name: DATASOURCES_DEFAULT_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ .root.Values.database.passwordSecret }}
          key: password
    - name: TEMPORAL_ADDRESS
      value: {{ .root.Values.temporal.address | quote }}
    - name: TEMPORAL_NAMESPACE
      value: {{ .root.Values.temporal.namespace | quote }}
    {{- if .root.Values.temporal.tlsSecret }}
    - name: TEMPORAL_TLS_CERT
      value: /etc/vigil/temporal-tls/tls.crt
    - name: TEMPORAL_TLS_KEY
      value: /etc/vigil/temporal-tls/tls.key
    {{- if .root.Values.temporal.tlsSecretHasCa }}
    - name: TEMPORAL_TLS_CA
      value: /etc/vigil/temporal-tls/ca.crt
    {{- end }}
    {{- end }}
    {{- if .root.Values.temporal.apiKeySecret }}
    - name: TEMPORAL_API_KEY
      valueFrom:
        secretKeyRef:
          name: {{ .root.Values.temporal.apiKeySecret }}
          key: apiKey
    {{- end }}
    {{- range $name, $value := .root.Values.env }}
    - name: {{ $name }}
      value: {{ $value | quote }}
    {{- end }}
  {{- if .root.Values.envSecret }}
  envFrom:
    - secretRef:
        name: {{ .root.Values.envSecret }}
  {{- end }}
  livenessProbe:
    httpGet: {path: /health/liveness, port: http}
    periodSeconds: 10
    failureThreshold: 6
  readinessProbe:
    httpGet: {path: /health/readiness, port: http}
    periodSeconds: 10
  startupProbe:
    httpGet: {path: /health/liveness, port: http}
    periodSeconds: 5
    failureThreshold: 60
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    runAsNonRoot: true
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    {{- if .root.Values.temporal.tlsSecret }}
    - name: temporal-tls
      mountPath: /etc/vigil/temporal-tls
      readOnly: true
    {{- end }}
{{- end }}

{{- define "vigil.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.temporal.tlsSecret }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tlsSecret }}
{{- end }}
{{- end }}
