"""Text messages (config.sms): which backend sends them, and the gateway's address and key."""

from config.settings.env import env

# The HTTP gateway (config.sms.HttpBackend): POST JSON to SMS_URL with SMS_API_KEY.
SMS_URL: str = env.str("SMS_URL", default="")
SMS_API_KEY: str = env.str("SMS_API_KEY", default="")
SMS_TIMEOUT_SECONDS: float = env.float("SMS_TIMEOUT_SECONDS", default=10.0)
# A dotted path, like EMAIL_BACKEND. Without a gateway, messages are printed on the console
# (the `up` output) and nothing is sent.
SMS_BACKEND: str = env.str(
    "SMS_BACKEND", default="config.sms.HttpBackend" if SMS_URL else "config.sms.ConsoleBackend"
)
