package io.imagepic.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Every error answer in /q/openapi shows the seed's failure envelope: where a resource declares an error
 * status with only a description (the reason), this adds the envelope it is answered in, so 40 error
 * answers do not each repeat the same JSON in an annotation. Runs once, at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiExamples implements OASFilter {

    static final String JSON = "application/json";
    static final String FAILURE_SCHEMA = "#/components/schemas/Failure";
    /** The seed's msg for a missing or bad token; 401 and 403 answer it. */
    static final String DENIED_MSG = "未满足权限";

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
            operation.getResponses().getAPIResponses().forEach(OpenApiExamples::addFailureExample);
        }));
    }

    private static void addFailureExample(String status, APIResponse response) {
        if (response.getRef() != null || !(status.startsWith("4") || status.startsWith("5"))) {
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
                        .value(envelope(status, reason)));
            }
        }
    }

    /** The failure envelope as the edge writes it, as a plain map for the document. */
    static Map<String, Object> envelope(String status, String reason) {
        String msg = status.equals("401") || status.equals("403") ? DENIED_MSG : ApiResponse.FAIL_MSG;
        ApiResponse<Map<String, String>> failure = ApiResponse.fail(msg, Map.of("err", reason));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", failure.code());
        json.put("data", failure.data());
        json.put("msg", failure.msg());
        json.put("success", failure.success());
        return json;
    }
}
