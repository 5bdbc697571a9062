package com.opscenter.cloud;

import com.opscenter.it.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AWS CLI (Debian's awscli), run against the test S3 server as an operator would run it. */
final class AwsCli {

    private AwsCli() {}

    record Result(int exitCode, String output) {}

    static Result run(String... args) throws IOException, InterruptedException {
        // Debian's package, the client operators have; another aws earlier on PATH (pyenv, pip) is not the point.
        var aws = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
        var command = new ArrayList<>(
                List.of(aws, "--endpoint-url", S3ProxyServer.shared().endpoint()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // Newer CLIs send CRC trailers by default; ask only for what the operation requires, as for MinIO.
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("The AWS CLI (aws) is not installed; .ci/run installs Debian's awscli", e);
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
