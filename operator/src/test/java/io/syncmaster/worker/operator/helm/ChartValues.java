package io.syncmaster.worker.operator.helm;

/**
 * Named value sets the chart is rendered with: each one switches on a feature, and together they render every
 * template of the chart.
 */
enum ChartValues {
    DEFAULTS("{}"),

    CREDENTIALS("""
            syncmaster:
              databaseUrl: postgresql+asyncpg://syncmaster:p%40ss@postgres.db.svc:5432/syncmaster
              brokerUrl: amqp://guest:guest@rabbitmq.mq.svc:5672/
              encryptionSecretKey: UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=
              logUrlTemplate: "https://grafana.example.com/explore?run={{ run.id }}&correlation_id={{ correlation_id }}"
              sparkSessionDefaultConfig:
                spark.sql.shuffle.partitions: 8
                spark.ui.enabled: false
            operator:
              resyncSeconds: 15
              prefetch: 4
            runs:
              image:
                repository: registry.example.com/syncmaster/job-runner
                tag: "1.2.3"
                pullPolicy: Always
              startTimeoutSeconds: 300
              activeDeadlineSeconds: 7200
              ttlSecondsAfterFinished: 3600
            metrics:
              port: 9090
            """),

    EXISTING_SECRET("""
            syncmaster:
              existingSecret: syncmaster-credentials
            """),

    REPLICAS("""
            replicaCount: 3
            operator:
              leaseName: syncmaster-worker-leader
            podDisruptionBudget:
              enabled: true
              minAvailable: 2
            """),

    QUEUES("""
            runs:
              resources:
                requests: {cpu: "1", memory: 2Gi}
                limits: {memory: 2Gi}
              nodeSelector:
                workload: etl
              tolerations:
                - {key: dedicated, operator: Equal, value: etl, effect: NoSchedule}
              podLabels:
                team: data
              sparkConf:
                spark.sql.shuffle.partitions: "16"
            queues:
              - slug: 123-test_queue
                maxConcurrentRuns: 4
              - slug: 7-Nightly_Loads
                suspend: true
              - slug: 9-big_tables
                name: big
                maxConcurrentRuns: 1
                runTemplate:
                  resources:
                    requests: {cpu: "4", memory: 16Gi}
                    limits: {memory: 16Gi}
                  sparkConf:
                    spark.executor.memory: 8g
                  activeDeadlineSeconds: 172800
            """),

    SPARK_ON_KUBERNETES("""
            runs:
              sparkOnKubernetes:
                enabled: true
            """),

    MONITORING("""
            metrics:
              serviceMonitor:
                enabled: true
                interval: 15s
                scrapeTimeout: 10s
                labels:
                  release: prometheus
              podMonitor:
                enabled: true
            """),

    NETWORK_POLICY("""
            networkPolicy:
              enabled: true
              metricsFrom:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: monitoring
              egress:
                restrict: true
                rules:
                  - to:
                      - ipBlock: {cidr: 10.0.0.1/32}
                    ports:
                      - {port: 443, protocol: TCP}
                  - to:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: db
                    ports:
                      - {port: 5432, protocol: TCP}
                      - {port: 5672, protocol: TCP}
            podDisruptionBudget:
              enabled: true
              maxUnavailable: 1
            """),

    CUSTOMISED("""
            nameOverride: sm-operator
            image:
              repository: registry.example.com/syncmaster/operator
              tag: "1.2.3"
            imagePullSecrets:
              - name: registry
            serviceAccount:
              name: operator-sa
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/syncmaster
            runs:
              serviceAccount:
                create: false
                name: etl-runner
            javaOptions: -Xlog:gc
            extraEnv:
              - {name: TZ, value: UTC}
            extraEnvFrom:
              - configMapRef: {name: proxy-settings}
            nodeSelector:
              kubernetes.io/os: linux
            tolerations:
              - {key: dedicated, operator: Exists, effect: NoSchedule}
            topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector:
                  matchLabels:
                    app.kubernetes.io/name: sm-operator
            priorityClassName: system-cluster-critical
            podAnnotations:
              example.com/owner: data-platform
            metrics:
              service:
                enabled: false
            """);

    final String yaml;

    ChartValues(String yaml) {
        this.yaml = yaml;
    }
}
