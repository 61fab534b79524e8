package io.imagepic.upload;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.link.ImageLinks;
import io.imagepic.web.ApiResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /imagepic/upload/limits}: what putObject accepts and the links it answers, so a client (the
 * console) can refuse a file before sending it and say why, and state how long a signed link lives.
 */
@Path("/imagepic/upload")
@Tag(name = "object", description = "Objects in a bucket")
public class UploadRulesResource {

    /** Sizes in bytes, lifetimes in seconds; {@code types} are the media types the bytes may be. */
    @RegisterForReflection
    public record Limits(long maxFileSize, int maxFiles, List<String> types, long linkLifetime, long maxLinkLifetime) {
    }

    private final UploadConfig config;
    private final ImageLinks links;

    UploadRulesResource(UploadConfig config, ImageLinks links) {
        this.config = config;
        this.links = links;
    }

    @GET
    @Path("/limits")
    @Operation(summary = "What an upload may be", description = "maxFileSize (bytes, imagepic.upload.max-file-size), maxFiles per request, the image types accepted (the bytes decide), linkLifetime: how long the signed link an upload to a private bucket answers works (seconds, imagepic.upload.link-lifetime), maxLinkLifetime: the longest a signed link made by image/signedUrl may work (seconds, imagepic.serving.signed-links.max-expiry). Any token.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "limits", value = "{\"code\":\"0\",\"data\":{\"maxFileSize\":20971520,\"maxFiles\":20,\"types\":[\"image/png\",\"image/jpeg\",\"image/gif\",\"image/webp\",\"image/avif\",\"image/bmp\",\"image/x-icon\"],\"linkLifetime\":86400,\"maxLinkLifetime\":604800},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "未满足权限")
    public ApiResponse<Limits> limits() {
        List<String> types = new ArrayList<>();
        for (ImageType t : ImageType.values()) {
            if (t != ImageType.SVG || config.allowSvg()) {
                types.add(t.mediaType());
            }
        }
        return ApiResponse.ok(new Limits(config.maxFileSize().asLongValue(), config.maxFiles(), List.copyOf(types),
                config.linkLifetime().toSeconds(), links.maxLifetime().toSeconds()));
    }
}
