package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/** {@code dependsOn} in the monitors API: the team's monitors only, never a cycle, checked at save. */
class MonitorDependenciesApiTest extends PeopleWithApiKeys {

    private long create(String key, String name, String dependsOn) throws Exception {
        MvcResult created = mvc.perform(as(key, post("/api/v1/monitors"))
                        .content("{\"name\":\"" + name + "\",\"checkType\":\"tcp\",\"intervalSeconds\":30,"
                                + "\"timeoutSeconds\":5,\"settings\":{\"host\":\"" + name.replaceAll("[^a-z0-9]", "")
                                + ".internal\",\"port\":\"443\"},\"dependsOn\":" + dependsOn + "}"))
                .andReturn();
        assertThat(created.getResponse().getStatus())
                .as(created.getResponse().getContentAsString())
                .isEqualTo(201);
        return body(created).get("id").asLong();
    }

    private int dependsOn(long monitor, String parents) throws Exception {
        return mvc.perform(as(aliceKey, put("/api/v1/monitors/" + monitor)).content("{\"dependsOn\":" + parents + "}"))
                .andReturn()
                .getResponse()
                .getStatus();
    }

    @Test
    void aMonitorIsCreatedDependingOnItsBalancerAndShowsIt() throws Exception {
        long lb = create(aliceKey, "lb", "[]");
        long api = create(aliceKey, "api", "[" + lb + "]");

        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + api)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dependsOn[0]").value(lb));
        // a change that leaves dependsOn out keeps it
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + api)).content("{\"intervalSeconds\":60}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dependsOn[0]").value(lb));
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + api)).content("{\"dependsOn\":[]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dependsOn").isEmpty());
    }

    @Test
    void cyclesAreRefusedDirectAndLongerWithTheCycleNamed() throws Exception {
        long lb = create(aliceKey, "lb", "[]");
        long api = create(aliceKey, "api", "[" + lb + "]");
        long dns = create(aliceKey, "dns", "[]");

        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + lb)).content("{\"dependsOn\":[" + api + "]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.dependsOn")
                        .value("this would make a cycle: lb → api → lb (a monitor cannot depend, even through others, "
                                + "on itself). Remove api from the monitors lb depends on, or first remove lb from the "
                                + "monitors api depends on"));

        assertThat(dependsOn(lb, "[" + dns + "]")).isEqualTo(200);
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + dns)).content("{\"dependsOn\":[" + api + "]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.dependsOn")
                        .value(org.hamcrest.Matchers.startsWith("this would make a cycle: dns → api → lb → dns")));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + dns)))
                .andExpect(jsonPath("$.dependsOn").isEmpty());
    }

    @Test
    void anotherTeamsMonitorGetsTheAnswerOfAnUnknownOne() throws Exception {
        long api = create(aliceKey, "api", "[]");
        long bobs = create(bobKey, "bob's lb", "[]");
        String refused = "one of the chosen monitors does not exist; choose among this team's monitors";

        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + api)).content("{\"dependsOn\":[" + bobs + "]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.dependsOn").value(refused));
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + api)).content("{\"dependsOn\":[" + Long.MAX_VALUE + "]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.dependsOn").value(refused));
        mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                        .content("{\"name\":\"web\",\"checkType\":\"tcp\",\"intervalSeconds\":30,\"timeoutSeconds\":5,"
                                + "\"settings\":{\"host\":\"web.internal\",\"port\":\"443\"},\"dependsOn\":[" + bobs
                                + "]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.dependsOn").value(refused));
    }

    /** Once {@code start} opens, makes {@code child} depend on {@code parent}; the answer's status. */
    private int afterStart(CountDownLatch start, long child, long parent) {
        try {
            start.await();
            return dependsOn(child, "[" + parent + "]");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoSavesAtOnceThatWouldMakeACycleTogetherCannotBothPass() throws Exception {
        for (int round = 0; round < 5; round++) {
            long a = create(aliceKey, "a" + round, "[]");
            long b = create(aliceKey, "b" + round, "[]");
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Integer> aOnB = CompletableFuture.supplyAsync(() -> afterStart(start, a, b));
            CompletableFuture<Integer> bOnA = CompletableFuture.supplyAsync(() -> afterStart(start, b, a));
            start.countDown();
            assertThat(List.of(aOnB.join(), bOnA.join())).containsExactlyInAnyOrder(200, 422);
        }
    }
}
