package com.opscenter;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "ops-center")
public class OpsCenterApplication extends Application {
}
