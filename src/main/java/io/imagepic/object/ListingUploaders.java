package io.imagepic.object;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.account.AccountNames;
import io.imagepic.s3.S3DataClient;
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

    private final S3DataClient s3;
    private final AccountNames names;

    ListingUploaders(S3DataClient s3, AccountNames names) {
        this.s3 = s3;
        this.names = names;
    }

    public Uni<ObjectPage> addTo(String bucket, ObjectPage page) {
        List<String> keys = page.lists().stream().map(ObjectEntry::name).filter(n -> n != null).toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().item(page);
        }
        return Multi.createFrom().iterable(keys).onItem().transformToUni(key -> uploaderId(bucket, key)).merge(PARALLEL)
                .collect().asList()
                .chain(recorded -> {
                    Map<String, String> idByKey = new HashMap<>();
                    recorded.stream().filter(r -> r.uploaderId() != null).forEach(r -> idByKey.put(r.key(), r.uploaderId()));
                    return Uni.createFrom().item(() -> names.of(idByKey.values()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .map(shown -> {
                                List<ObjectEntry> entries = new ArrayList<>(page.lists().size());
                                for (ObjectEntry e : page.lists()) {
                                    String id = e.name() == null ? null : idByKey.get(e.name());
                                    entries.add(id == null ? e : e.withUploader(shown.get(id)));
                                }
                                return new ObjectPage(page.total(), entries, page.truncated());
                            });
                });
    }

    /** The recorded uploader id; null when none was recorded or the object is gone meanwhile. */
    private Uni<Recorded> uploaderId(String bucket, String key) {
        return Uni.createFrom().completionStage(() -> s3.headObject(bucket, key).toCompletionStage())
                .map(info -> new Recorded(key, Uploaders.decode(info.metadata().get(Uploaders.METADATA_KEY))))
                .onFailure().recoverWithItem(new Recorded(key, null));
    }
}
