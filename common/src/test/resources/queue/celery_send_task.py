"""Publish run_transfer_task exactly as the SyncMaster server does (contract §2.1, §2.4, §2.5).

Usage: /usr/bin/python3 celery_send_task.py BROKER_URL QUEUE_SLUG JSON_REQUESTS
JSON_REQUESTS is a list of {"run_id": N, "correlation_id": "..." | null}.
Prints one JSON line per message: {"run_id": N, "task_id": "...", "correlation_id": ...}.

The CORRELATION_ID header is added the way asgi-correlation-id's Celery extension does it
(asgi_correlation_id/extensions/celery.py, registered by the server's CorrelationIdMiddleware):
a before_task_publish handler copies the request's correlation id into the message headers.
Requests with a null correlation_id behave like the scheduler, which has no such hook.
"""
import json
import sys

from celery import Celery
from celery.signals import before_task_publish

# plays the role of asgi_correlation_id.context.correlation_id (a contextvar set per HTTP request)
current_correlation_id = None


@before_task_publish.connect(weak=False)
def transfer_correlation_id(headers, **kwargs):
    if current_correlation_id:
        headers["CORRELATION_ID"] = current_correlation_id


def main():
    global current_correlation_id
    broker_url, queue, requests = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    app = Celery("syncmaster.server", broker=broker_url)
    try:
        for request in requests:
            current_correlation_id = request.get("correlation_id")
            result = app.send_task("run_transfer_task", kwargs={"run_id": request["run_id"]}, queue=queue)
            print(json.dumps({"run_id": request["run_id"], "task_id": result.id,
                              "correlation_id": current_correlation_id}), flush=True)
    finally:
        app.close()


if __name__ == "__main__":
    main()
