package io.cloudroutes.crweb.securitytxt;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Without a security contact (cloudroutes.security.contact) crweb serves no security.txt. */
@CrwebIntegrationTest
class WithoutASecurityContactTest {

    @Autowired
    MockMvc mvc;

    @Test
    void withoutASecurityContactThereIsNoSecurityTxt() throws Exception {
        mvc.perform(get("/.well-known/security.txt")).andExpect(status().isNotFound());
    }
}
