package io.imagepic.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateConfig;

/** Picks the store implementation; another store can be added here without touching the resources. */
public class UserStoreProducer {

    @Produces
    @ApplicationScoped
    UserStore userStore(StateConfig state, ObjectMapper json) {
        return new FileUserStore(state.dir(), json);
    }
}
