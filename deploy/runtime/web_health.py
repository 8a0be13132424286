"""Health check of the web container (compose): GET /healthz on gunicorn, as the root domain.

The school (or the operators' site) is chosen from the Host header, so the check must send the
root domain (PLATFORM_DOMAIN). It also sends X-Forwarded-Proto: https, as nginx does: with
HTTPS=true Django would otherwise answer with a redirect to https://. /healthz runs `SELECT 1`,
so this also says the database answers. Exit status 0 = healthy.

Kubernetes does not use this file: k8s/web.yaml sends the same headers with an httpGet probe.
"""

import os
import sys
import urllib.request

PORT = os.environ.get("HEALTHCHECK_PORT", "8000")
HOST = os.environ.get("PLATFORM_DOMAIN", "localhost")


def main() -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/healthz",
        headers={"Host": HOST, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed http URL
            healthy = response.status == 200
    except OSError as error:  # URLError, HTTPError (4xx/5xx), timeouts, refused connections
        sys.stderr.write(f"healthz failed: {error}\n")
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
