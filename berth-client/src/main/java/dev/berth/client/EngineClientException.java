package dev.berth.client;

/** The engine answered with an error ({@code status} ≥ 400) or could not be reached ({@code status} 0). */
public final class EngineClientException extends RuntimeException {
    private final int status;

    public EngineClientException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() { return status; }
}
