package io.imagepic.object;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.access.Scope;
import io.imagepic.account.AccountNames;
import io.imagepic.s3.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The uploader of each object of a listing page (listObjects with {@code withUploader}). S3 listings carry no
 * user metadata, so each object's is read with one HEAD, a few at a time on the non-blocking data client; the
 * recorded ids become names to show ({@link AccountNames}) on a worker thread.
 */
@ApplicationScoped
public class ListingUploaders {

    /** Largest page that may ask for its uploaders: each object costs a HEAD. */
    public static final int MAX_PAGE = 100;
    /** HEADs in flight at once for one page. */
    static final int PARALLEL = 8;

    private record Recorded(String key, String uploaderId) {
    }

    private record Rights(List<Recorded> recorded, boolean write, boolean manage) {
    }

    private final ObjectStore s3;
    private final AccountNames names;
    private final Access access;

    ListingUploaders(ObjectStore s3, AccountNames names, Access access) {
        this.s3 = s3;
        this.names = names;
        this.access = access;
    }

    private Uni<Boolean> allows(Caller caller, Action action, String bucket) {
        return access.authorize(caller, action, bucket).replaceWith(Boolean.TRUE).onFailure().recoverWithItem(Boolean.FALSE);
    }

    public Uni<ObjectPage> addTo(String bucket, ObjectPage page, Caller caller) {
        List<String> keys = page.lists().stream().map(ObjectEntry::name).filter(n -> n != null).toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().item(page);
        }
        Uni<Boolean> mayWrite = allows(caller, Action.WRITE, bucket);
        Uni<Boolean> mayManage = allows(caller, Action.MANAGE, bucket);
        boolean removeScope = !caller.service() || caller.mayUse(Scope.REMOVE);
        return Multi.createFrom().iterable(keys).onItem().transformToUni(key -> uploaderId(bucket, key)).merge(PARALLEL)
                .collect().asList()
                .chain(recorded -> mayWrite.chain(write -> mayManage.map(manage -> new boolean[] { write && removeScope,
                        manage })).map(rights -> new Rights(recorded, rights[0], rights[1])))
                .chain(rights -> {
                    List<Recorded> recorded = rights.recorded();
                    Map<String, String> idByKey = new HashMap<>();
                    recorded.stream().filter(r -> r.uploaderId() != null).forEach(r -> idByKey.put(r.key(), r.uploaderId()));
                    return Uni.createFrom().item(() -> names.of(idByKey.values()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .map(shown -> {
                                List<ObjectEntry> entries = new ArrayList<>(page.lists().size());
                                for (ObjectEntry e : page.lists()) {
                                    if (e.name() == null) {
                                        entries.add(e);
                                        continue;
                                    }
                                    String id = idByKey.get(e.name());
                                    // as RemoveService decides: write access, and one's own upload or manage rights
                                    boolean removable = rights.write() && (rights.manage() || caller.id().equals(id));
                                    entries.add(e.withUploader(id == null ? null : shown.get(id), removable));
                                }
                                return page.withLists(entries);
                            });
                });
    }

    /** The recorded uploader id; null when none was recorded or the object is gone meanwhile. */
    private Uni<Recorded> uploaderId(String bucket, String key) {
        return Uni.createFrom().completionStage(() -> s3.head(bucket, key).toCompletionStage())
                .map(info -> new Recorded(key, Uploaders.decode(info.metadata().get(Uploaders.METADATA_KEY))))
                .onFailure().recoverWithItem(new Recorded(key, null));
    }
}
