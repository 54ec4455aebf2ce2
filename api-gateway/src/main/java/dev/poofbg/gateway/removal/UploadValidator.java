package dev.poofbg.gateway.removal;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.common.image.ImageSniffer;
import dev.poofbg.common.image.UnsupportedImageException;
import dev.poofbg.gateway.jobs.JobInput;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks a multipart upload: exactly one non-empty {@code file} part within the size limit, whose
 * magic bytes say JPEG, PNG or WebP (the declared Content-Type is ignored) and whose header declares
 * no more pixels than allowed. Reads only the header; blocking file I/O, so callers run it on a
 * worker thread.
 */
@ApplicationScoped
public class UploadValidator {

    public static final String FIELD = "file";

    private final InputConfig config;

    public UploadValidator(InputConfig config) {
        this.config = config;
    }

    public JobInput.Upload validate(List<FileUpload> uploads) {
        List<FileUpload> files = uploads.stream().filter(upload -> FIELD.equals(upload.name())).toList();
        if (files.isEmpty()) {
            throw invalid("Missing file: send the image as the multipart file part 'file', with a filename");
        }
        if (files.size() > 1) {
            throw invalid("Send exactly one file in the field 'file'");
        }
        return validate(files.get(0).uploadedFile(), files.get(0).size());
    }

    /** One image file of {@code size} bytes, whatever field or encoding it came in. */
    public JobInput.Upload validate(Path file, long size) {
        if (size == 0) {
            throw invalid("The file is empty");
        }
        if (size > config.maxFileBytes()) {
            throw tooLarge(config.maxFileBytes());
        }
        ImageHeader header = readHeader(file);
        if (header.pixelCount() > config.maxPixels()) {
            throw invalid(String.format(Locale.ROOT, "Image is %dx%d pixels; at most %d pixels are accepted",
                    header.width(), header.height(), config.maxPixels()));
        }
        if (ImageHeader.exceedsMaxSide(header.width(), header.height())) {
            throw invalid(String.format(Locale.ROOT, "Image is %dx%d pixels; no side may be longer than %d pixels",
                    header.width(), header.height(), ImageHeader.MAX_SIDE));
        }
        return new JobInput.Upload(file, header);
    }

    private ImageHeader readHeader(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(ImageSniffer.MAGIC_LENGTH);
            byte[] magic = in.readNBytes(ImageSniffer.MAGIC_LENGTH);
            if (ImageSniffer.detect(magic).isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_IMAGE_TYPE,
                        "Unsupported image format: send a JPEG, PNG or WebP image");
            }
            in.reset();
            return ImageSniffer.readHeader(in);
        } catch (UnsupportedImageException e) {
            throw invalid("Malformed image: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }

    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(ErrorCode.FILE_TOO_LARGE,
                "Image exceeds the " + (maxBytes / (1024 * 1024)) + " MB limit");
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
