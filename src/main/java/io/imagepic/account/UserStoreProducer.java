package io.imagepic.account;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateConfig;

/** Picks the store implementation; another store can be added here without touching the resources. */
public class UserStoreProducer {

    @Produces
    @ApplicationScoped
    UserStore userStore(StateConfig state, ObjectMapper json) {
        // The store's own clock is the file system's: it compares it with file stamps (never a test's clock).
        return new VersionedUserStore(state.dir(), json, Clock.systemUTC());
    }
}
