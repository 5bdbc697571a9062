# Production image. Build the WAR first: mvn -DskipTests package
# Then: docker build -t ops-center/storage-backup .
FROM icr.io/appcafe/open-liberty:kernel-slim-java17-openj9-ubi

# Reading the host's volumes and talking to the Docker socket needs root inside the container; mount both
# read-only where that is enough (see README, "Deploy").
USER 0

COPY --chown=1001:0 liberty/server.xml /config/server.xml
COPY --chown=1001:0 liberty/db/ /config/db/
# The development token issuer (liberty/dev-token-issuer.xml) is deliberately not copied: production verifies
# tokens from its own OpenID Connect provider through JWT_JWKS_URI, JWT_ISSUER and JWT_AUDIENCE.
RUN features.sh

COPY --chown=1001:0 target/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
COPY --chown=1001:0 target/storage-backup.war /config/apps/storage-backup.war

ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    DB_KIND=postgresql \
    STORAGE_VOLUMES_ROOT=/volumes \
    BACKUP_LOCATION=/backups \
    RESTORE_ROOT=/restores \
    BACKUP_LOCATION_ROOTS=/backups \
    INCLUDE_PATH_ROOTS=/srv \
    STORAGE_LOG_DIRS=/managed/logs \
    STORAGE_CACHE_DIRS=/managed/cache

RUN configure.sh
