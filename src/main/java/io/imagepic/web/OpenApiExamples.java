package io.imagepic.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Every error answer in /q/openapi shows the seed's failure envelope: where a resource declares an error
 * status with only a description (the reason), this adds the envelope the edge answers it in ({@link Edge#body}),
 * so error answers do not each repeat the same JSON in an annotation. Runs once, at build time.
 * <p>
 * The msg follows the status the way the edge decides it for a plain {@link ApiError}: "未满足权限" for 401 and
 * 403, "失败" otherwise. A refusal that answers differently (a wrong password at login: a 401 with "失败")
 * declares its own example.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiExamples implements OASFilter {

    static final String JSON = "application/json";
    static final String FAILURE_SCHEMA = "#/components/schemas/Failure";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach((method, operation) -> {
            if (method == PathItem.HttpMethod.HEAD || operation.getResponses() == null
                    || operation.getResponses().getAPIResponses() == null) {
                return; // HEAD answers have no body
            }
            operation.getResponses().getAPIResponses().forEach(this::addFailureExample);
        }));
    }

    private void addFailureExample(String status, APIResponse response) {
        if (response.getRef() != null || !status.matches("[45]\\d\\d")) {
            return;
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(JSON,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(FAILURE_SCHEMA))));
        }
        String reason = response.getDescription() == null || response.getDescription().isBlank()
                ? "HTTP " + status
                : response.getDescription();
        for (MediaType type : response.getContent().getMediaTypes().values()) {
            if (type.getExample() == null && (type.getExamples() == null || type.getExamples().isEmpty())) {
                type.addExample("failure", OASFactory.createExample()
                        .summary("The reason is in data.err (Chinese; English with Accept-Language: en)")
                        .value(envelope(Integer.parseInt(status), reason)));
            }
        }
    }

    /** The failure envelope as the edge writes it, as plain JSON values for the document. */
    Map<?, ?> envelope(int status, String reason) {
        ApiError error = new ApiError(ApiError.Kind.ofStatus(status), Message.literal(reason));
        return json.convertValue(Edge.body(error, Lang.ZH), Map.class);
    }
}
