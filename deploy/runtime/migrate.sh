#!/bin/sh
# Release step: bring the cell's database up to the code in this image.
#
# Run it ONCE per release, as a one-off container (compose service `migrate`, Kubernetes Job
# `truongso-migrate`), BEFORE web and worker are rolled to the new image. It is idempotent: a run
# with nothing to apply changes nothing. It never loads demo data (that is `demo_seed`, for
# laptops only).
#
# Optional environment:
#   MIGRATE_EXECUTOR=multiprocessing   migrate school schemas in parallel (django-tenants'
#                                      executor; default: standard, one schema at a time).
set -eu

cd /app

# `platform_migrate` migrates the public schema, creates the platform row with the root domain
# (PLATFORM_DOMAIN) and the template schema new schools are cloned from if they are missing,
# then migrates the template and every school whose migration plan is not empty (a schema with
# nothing to apply costs one query, not a migrate run). It never loads demo data.
#
# With 1,000+ schools the school step is the long one (minutes to hours): web and worker still
# run the previous release meanwhile, which is why migrations must be expand/contract
# (additive first, removals one release later). MIGRATE_EXECUTOR=multiprocessing instead runs
# django-tenants' parallel executor over every school.
if [ -n "${MIGRATE_EXECUTOR:-}" ]; then
    python manage.py migrate_schemas --shared --noinput
    python manage.py platform_migrate
    python manage.py migrate_schemas --tenant --noinput --executor="${MIGRATE_EXECUTOR}"
else
    python manage.py platform_migrate
fi

echo "migrate: done"
