# Production image. Build the WAR first: mvn -DskipTests package
# Then: docker build -t ops-center/storage-backup .
# Without access to icr.io, build the local stand-in for the base first (src/test/image/build-base) and add
# --build-arg BASE_IMAGE=ops-center/liberty-base:local; the tests build and run the image that way.
ARG BASE_IMAGE=icr.io/appcafe/open-liberty:kernel-slim-java17-openj9-ubi
FROM ${BASE_IMAGE}

# The server runs as the base image's user 1001, not as root. Run it with the Docker socket's group (--group-add)
# so it can list volumes; it reads what its user may read. Root is needed only to back up files that user cannot
# read, or to restore volumes in place and keep owners (see README, "Deploy").
USER 0
RUN mkdir -p /volumes /backups /restores /managed/logs /managed/cache /opt/ops-center \
    && chown 1001:0 /volumes /backups /restores /managed/logs /managed/cache \
    && chmod 0750 /backups /restores
USER 1001

COPY --chown=1001:0 src/main/docker/start.sh /opt/ops-center/start.sh
# server.xml, db/, jvm.options (heap, metaspace, code cache and direct memory caps for a sidecar) and server.env
# (glibc malloc settings). The development token issuer (liberty/dev-token-issuer.xml) is kept out of the build
# context (.dockerignore): production verifies tokens from its own OpenID Connect provider through JWT_JWKS_URI,
# JWT_ISSUER and JWT_AUDIENCE.
COPY --chown=1001:0 liberty/ /config/
RUN features.sh

COPY --chown=1001:0 target/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
COPY --chown=1001:0 target/storage-backup.war /config/apps/storage-backup.war

ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    DB_KIND=postgresql \
    HTTP_HOST=* \
    STORAGE_VOLUMES_ROOT=/volumes \
    BACKUP_LOCATION=/backups \
    RESTORE_ROOT=/restores \
    BACKUP_LOCATION_ROOTS=/backups \
    INCLUDE_PATH_ROOTS=/srv \
    STORAGE_LOG_DIRS=/managed/logs \
    STORAGE_CACHE_DIRS=/managed/cache

RUN configure.sh

# Group 1001, not the base's group 0: Docker keeps volumes under root-owned folders of mode 0701, which members
# of root's group may not even pass through.
USER 1001:1001

ENTRYPOINT ["/opt/ops-center/start.sh"]
CMD ["/opt/ol/wlp/bin/server", "run", "defaultServer"]
