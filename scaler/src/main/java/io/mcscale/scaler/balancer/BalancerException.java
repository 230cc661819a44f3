package io.mcscale.scaler.balancer;

/** The load balancer refused an update; the previous routing is still live. */
public class BalancerException extends Exception {
    private static final long serialVersionUID = 1L;

    public BalancerException(String message) {
        super(message);
    }

    public BalancerException(String message, Throwable cause) {
        super(message, cause);
    }
}
