package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;
import static dev.workcluster.leader.rpc.Requests.quote;

import dev.workcluster.leader.state.Selector;
import dev.workcluster.leader.state.proto.LabelOp;
import dev.workcluster.leader.state.proto.LabelRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Worker labels and task selectors as clients write them, checked against one set of rules
 * (Kubernetes' label syntax): keys of up to 63 letters, digits and {@code ._/-}, starting and
 * ending with a letter or digit; values of up to 63 letters, digits and {@code ._-}. Each failure
 * names the field, the value and the limit.
 */
final class LabelRules {
    static final int MAX_LABELS = 32;
    static final int MAX_REQUIREMENTS = 16;
    static final int MAX_VALUES = 16;
    static final int MAX_LENGTH = 63;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern COMPARE = Pattern.compile("([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)");

    private LabelRules() {}

    /** A worker's declared labels, checked. */
    static Map<String, String> labels(String field, Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw invalid(field + " holds " + labels.size() + " labels, over the limit of " + MAX_LABELS);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        labels.forEach((key, value) -> checked.put(key(field, key), value(field, key, value)));
        return checked;
    }

    /** A selector's text form, parsed: comma-separated requirements outside parentheses. */
    static Selector selector(String field, String text) {
        if (text.isBlank()) {
            return Selector.ANY;
        }
        List<LabelRequirement> requirements = new ArrayList<>();
        for (String part : split(field, text)) {
            if (requirements.size() == MAX_REQUIREMENTS) {
                throw invalid(field + " " + quote(text) + " has more than " + MAX_REQUIREMENTS + " requirements");
            }
            requirements.add(requirement(field, part.trim(), text));
        }
        return new Selector(requirements);
    }

    private static LabelRequirement requirement(String field, String part, String text) {
        if (part.isEmpty()) {
            throw invalid(field + " " + quote(text) + " has an empty requirement");
        }
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String value : set.group(3).split(",", -1)) {
                values.add(value(field, set.group(1), value.trim()));
            }
            if (values.size() > MAX_VALUES) {
                throw invalid(field + " " + quote(part) + " lists " + values.size() + " values, over the limit of "
                        + MAX_VALUES);
            }
            return LabelRequirement.newBuilder()
                    .setKey(key(field, set.group(1)))
                    .setOp(set.group(2).equals("in") ? LabelOp.LABEL_OP_IN : LabelOp.LABEL_OP_NOT_IN)
                    .addAllValues(values)
                    .build();
        }
        Matcher compare = COMPARE.matcher(part);
        if (compare.matches()) {
            return LabelRequirement.newBuilder()
                    .setKey(key(field, compare.group(1)))
                    .setOp(compare.group(2).equals("!=") ? LabelOp.LABEL_OP_NOT_IN : LabelOp.LABEL_OP_IN)
                    .addValues(value(field, compare.group(1), compare.group(3)))
                    .build();
        }
        if (part.startsWith("!")) {
            return LabelRequirement.newBuilder()
                    .setKey(key(field, part.substring(1).trim()))
                    .setOp(LabelOp.LABEL_OP_NOT_EXISTS)
                    .build();
        }
        if (KEY.matcher(part).matches() && part.length() <= MAX_LENGTH) {
            return LabelRequirement.newBuilder()
                    .setKey(part)
                    .setOp(LabelOp.LABEL_OP_EXISTS)
                    .build();
        }
        throw invalid(field + " " + quote(part) + " is not a requirement: write key=value, key!=value,"
                + " key in (a,b), key notin (a,b), key or !key");
    }

    private static List<String> split(String field, String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw invalid(field + " " + quote(text) + " closes a parenthesis it did not open");
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        if (depth != 0) {
            throw invalid(field + " " + quote(text) + " leaves a parenthesis open");
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static String key(String field, String key) {
        if (key.length() > MAX_LENGTH || !KEY.matcher(key).matches()) {
            throw invalid(field + " label key " + quote(key) + " must be 1 to " + MAX_LENGTH
                    + " letters, digits and ._/-, starting and ending with a letter or digit");
        }
        return key;
    }

    private static String value(String field, String key, String value) {
        if (value.length() > MAX_LENGTH || !VALUE.matcher(value).matches()) {
            throw invalid(field + " value " + quote(value) + " of label " + quote(key) + " must be up to " + MAX_LENGTH
                    + " letters, digits and ._-");
        }
        return value;
    }
}
