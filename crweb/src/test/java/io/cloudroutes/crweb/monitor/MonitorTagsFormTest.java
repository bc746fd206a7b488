package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.monitor.Monitor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tags typed in the monitor form: stored in lower case, each once; refused with a field error beside the field. */
class MonitorTagsFormTest extends SignedInPeople {

    @Test
    void tagsTypedWithCommasAndSpacesAreStoredInLowerCaseOnceAndShown() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://shop.example.com/health", "60")
                        .param("tags", "Prod, eu-west  web,prod")
                        .with(alice))
                .andExpect(status().is3xxRedirection());
        assertThat(monitorCount()).isEqualTo(before + 1);
        Monitor saved = monitors.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(aliceAccount.getId()))
                .getFirst();
        assertThat(saved.getTags()).containsExactly("prod", "eu-west", "web");

        mvc.perform(get("/monitors/" + saved.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">eu-west</a>")));
        mvc.perform(get("/monitors").with(alice)).andExpect(content().string(containsString("href=\"/?q=tag:web\"")));
        mvc.perform(get("/monitors/" + saved.getId() + "/edit").with(alice))
                .andExpect(content().string(containsString("value=\"prod, eu-west, web\"")));
    }

    @Test
    void aTagWithForbiddenCharactersIsRefusedBesideTheFieldAndNothingIsSaved() throws Exception {
        long before = monitorCount();
        mvc.perform(httpMonitor("https://shop.example.com/health", "60")
                        .param("tags", "prod, café")
                        .with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("&#39;café&#39; cannot be a tag; use at most 20 tags")));
        assertThat(monitorCount()).isEqualTo(before);
    }

    @Test
    void moreThanTwentyTagsAreRefused() throws Exception {
        Monitor monitor = aliceMonitor();
        String many = String.join(
                " ",
                java.util.stream.IntStream.rangeClosed(1, 21)
                        .mapToObj(i -> "t" + i)
                        .toList());
        mvc.perform(httpMonitorTo("/monitors/" + monitor.getId(), "https://shop.example.com/health", "60")
                        .param("checkType", "tcp")
                        .param("tags", many)
                        .with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("21 tags given; remove some")));
        assertThat(monitors.findById(monitor.getId()).orElseThrow().getTags()).isEqualTo(List.of());
    }
}
