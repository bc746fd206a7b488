package io.cloudroutes.reactions.route53;

import java.util.List;

/** The ChangeResourceRecordSetsRequest body as the AWS SDK writes it, for dry runs (the run itself uses the SDK). */
final class RequestXml {

    private RequestXml() {}

    static String changeResourceRecordSets(String comment, String name, String type, long ttl, List<String> values) {
        StringBuilder records = new StringBuilder();
        for (String value : values) {
            records.append("<ResourceRecord><Value>").append(escape(value)).append("</Value></ResourceRecord>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                + "<ChangeBatch><Comment>" + escape(comment) + "</Comment><Changes><Change><Action>UPSERT</Action>"
                + "<ResourceRecordSet><Name>" + escape(name) + "</Name><Type>" + type + "</Type><TTL>" + ttl + "</TTL>"
                + "<ResourceRecords>" + records + "</ResourceRecords></ResourceRecordSet></Change></Changes>"
                + "</ChangeBatch></ChangeResourceRecordSetsRequest>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
