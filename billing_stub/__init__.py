"""Plans, subscriptions, usage metering and invoices (public schema); only payment is a stub."""
