package io.imagepic.account;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Picks the store implementation; another store can be added here without touching the resources. */
public class UserStoreProducer {

    @Produces
    @ApplicationScoped
    UserStore userStore(AuthConfig config, ObjectMapper json) {
        return new FileUserStore(Path.of(config.storeDir()), json);
    }
}
