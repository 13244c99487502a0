package dev.skyrun.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How amounts of money are written in text views: {@code $12.35}, {@code $0.0042}, {@code $0.50/h}. */
final class Money {

    private Money() {}

    /** USD with cents, or four significant decimals under a dollar ({@code $0.0042}); {@code $0} for nothing. */
    static String usd(double amount) {
        if (amount == 0) {
            return "$0";
        }
        int scale = Math.abs(amount) >= 1 ? 2 : 4;
        return "$" + BigDecimal.valueOf(amount).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** USD per hour ({@code $0.50/h}), trailing zeros beyond cents dropped. */
    static String perHour(double amount) {
        BigDecimal v = BigDecimal.valueOf(amount).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return "$" + (v.scale() < 2 ? v.setScale(2, RoundingMode.UNNECESSARY) : v).toPlainString() + "/h";
    }
}
