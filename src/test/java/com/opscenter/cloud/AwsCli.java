package com.opscenter.cloud;

import com.opscenter.it.Processes;
import com.opscenter.it.S3ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The AWS CLI (Debian's awscli), run against the test S3 server as an operator would run it. */
final class AwsCli {

    private AwsCli() {}

    static Processes.Result run(String... args) {
        return runAt(S3ProxyServer.shared().endpoint(), args);
    }

    /** Against another S3 server than the shared one. */
    static Processes.Result runAt(String endpoint, String... args) {
        // Debian's package, the client operators have; another aws earlier on PATH (pyenv, pip) is not the point.
        var aws = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
        var command = new ArrayList<>(List.of(aws, "--endpoint-url", endpoint));
        command.addAll(List.of(args));
        return Processes.command(command)
                .environment(Map.of(
                        "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                        "AWS_DEFAULT_REGION", "us-east-1",
                        "AWS_EC2_METADATA_DISABLED", "true",
                        // Newer CLIs send CRC trailers by default; ask only for what the operation requires, as
                        // for MinIO.
                        "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required",
                        "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required"))
                .run();
    }
}
