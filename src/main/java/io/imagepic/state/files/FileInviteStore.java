package io.imagepic.state.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Invite;
import io.imagepic.state.InviteStore;

/** {@code invites/inv_<id>.json}, one file per open invite. */
final class FileInviteStore implements InviteStore {

    private final FileMap<Invite> files;

    FileInviteStore(Path dir, ObjectMapper json) throws IOException {
        this.files = new FileMap<>(dir, "inv_", ".json", json, Invite.class);
    }

    @Override
    public boolean create(Invite invite) {
        return files.create(invite.id(), invite);
    }

    @Override
    public Optional<Invite> find(String id) {
        return files.get(id);
    }

    @Override
    public List<Invite> all() {
        return files.values().stream().sorted(Comparator.comparing(Invite::createdAt).thenComparing(Invite::id)).toList();
    }

    @Override
    public boolean delete(String id) {
        return files.delete(id);
    }

    /** Redeems: removes it for good; false when it was gone already (redeemed or revoked). */
    boolean redeem(String id) {
        return files.delete(id);
    }

}
