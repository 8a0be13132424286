"""Live updates of open pages: where the browser opens its push stream (push.server)."""

from config.settings.env import env

# The stream URL as the browser sees it; "{host}" is replaced by the page's host name (no port).
# Production: the default, same origin, nginx routes /push/ to the push server. `manage.py up`
# sets //{host}:<web port + 1>/push/events (the push server on its own port; CORS allows it).
PUSH_URL: str = env.str("PUSH_URL", default="/push/events")
