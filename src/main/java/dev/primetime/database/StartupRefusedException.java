package dev.primetime.database;

/** The service cannot start as configured; the message is the one line an operator needs. */
public class StartupRefusedException extends RuntimeException {
    private final String action;

    public StartupRefusedException(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
