package io.cloudroutes.checks.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Datadog's Markdown becomes a line of text for a result's reason. */
class DatadogTextTest {

    @Test
    void theWrapperTheGraphTheFooterAndTheMentionsAreRemoved() {
        String message = """
                %%%
                @webhook-cloudroutes-shop @slack-ops-alerts Disk on db1 is almost full

                [![Metric Graph](https://p.datadoghq.com/snapshot/view/a.png)](https://app.datadoghq.com/monitors/7)

                **system.disk.in_use** over **host:db1** was **> 0.9** on average during the **last 5m**.

                The monitor was last triggered at Wed Nov 25 2026 10:00:00 UTC.

                - - -

                [[Monitor Status](https://app.datadoghq.com/monitors/7)] · [[Edit Monitor](https://app.datadoghq.com/monitors#7/edit)] · [[View db1](https://app.datadoghq.com/infrastructure?filter=db1)]
                %%%""";
        assertThat(DatadogText.plain(message))
                .isEqualTo("Disk on db1 is almost full system.disk.in_use over host:db1 "
                        + "was > 0.9 on average during the last 5m. The monitor was last triggered at Wed Nov 25 2026 "
                        + "10:00:00 UTC.");
    }

    @Test
    void linksKeepTheirTextHeadingsAndQuotesTheirWordsAndEmailAddressesStay() {
        assertThat(DatadogText.plain("## Runbook\n> see [the runbook](https://wiki.example.com/db) or mail "
                        + "dba@example.com, `df -h`"))
                .isEqualTo("Runbook see the runbook or mail dba@example.com, df -h");
    }

    @Test
    void plainTextAndNothingAreLeftAlone() {
        assertThat(DatadogText.plain("[Triggered] p99 latency on shop")).isEqualTo("[Triggered] p99 latency on shop");
        assertThat(DatadogText.plain(null)).isEmpty();
        assertThat(DatadogText.plain("%%%\n%%%")).isEmpty();
    }
}
