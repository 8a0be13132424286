"""Gunicorn settings for the web process: `gunicorn config.wsgi --config <this file>`.

Every value can be tuned per deployment with an environment variable; the defaults suit a
container with 1 CPU and ~1 GiB of memory.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# WSGI threads, never an async worker class: django-tenants keeps the school on the thread's
# database connection and loses it across async thread hops (TENANCY.md §8).
worker_class = "gthread"
# Processes x threads = the requests one container serves at once, and also the number of
# PostgreSQL connections it may hold (one per thread while CONN_MAX_AGE > 0). Count them
# against max_connections (or the PgBouncer pool) for the largest number of web replicas.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# With gthread the timeout only catches a worker whose main loop is stuck, not a slow request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Kubernetes waits terminationGracePeriodSeconds (40 s in k8s/web.yaml) before SIGKILL.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx / the ingress does not keep upstream connections open (no `keepalive` in the
# upstream), so a short keep-alive is enough.
keepalive = 5

# Recycle each worker after a few thousand requests (with jitter so they do not all restart at
# once). A safety net against slow memory growth, and it also closes the worker's PostgreSQL
# connections, which bounds the per-backend catalog cache that grows with every school schema
# a connection touches (TENANCY.md §5.2).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

# The heartbeat file lives in memory (/dev/shm), not on a possibly slow or read-only disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - tmpfs private to the container
# gunicornc's control socket; /tmp is writable in every container (emptyDir in Kubernetes).
control_socket = "/tmp/gunicorn.ctl"  # noqa: S108 - /tmp private to the container

# Do not import the application in the master: nothing is shared across forks by accident
# (connections, threads), at the cost of a little memory per worker.
preload_app = False

# Logs go to stdout/stderr. The access log names the host, i.e. the school.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%({x-forwarded-for}i)s %({host}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# NOTE: Django trusts X-Forwarded-Proto when HTTPS=true (SECURE_PROXY_SSL_HEADER). Gunicorn
# passes the header through from any peer, so port 8000 must only be reachable from nginx / the
# ingress controller, which always overwrite that header.
