-- Containers a backup or a restore stopped or paused, written before the stop and removed after the start: a
-- server that starts again after a crash starts (or unpauses) the ones it left, so none stays stopped.
CREATE TABLE quiesced_containers (
    container_id    VARCHAR(128)  PRIMARY KEY,
    container_name  VARCHAR(255)  NOT NULL,
    action          VARCHAR(16)   NOT NULL,
    purpose         VARCHAR(255)  NOT NULL,
    node            VARCHAR(255)  NOT NULL,
    since           TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What a backup did to containers (stopped or paused, for how long) and the commands it ran in them (exit code,
-- duration, the output's tail), as JSON.
ALTER TABLE backups ADD COLUMN containers VARCHAR;
