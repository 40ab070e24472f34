package dev.primetime.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; becomes 413 {@code payload_too_large}. */
class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
