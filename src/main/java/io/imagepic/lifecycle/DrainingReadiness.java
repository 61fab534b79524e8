package io.imagepic.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness DOWN from the moment SIGTERM arrives, so no new request is routed here. */
@Readiness
@ApplicationScoped
public class DrainingReadiness implements HealthCheck {

    private final ShutdownGate gate;

    DrainingReadiness(ShutdownGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting work").status(!gate.draining()).build();
    }
}
