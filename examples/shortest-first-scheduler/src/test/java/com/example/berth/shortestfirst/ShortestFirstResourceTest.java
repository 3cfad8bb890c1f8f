package com.example.berth.shortestfirst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShortestFirstResourceTest {
    @Test
    void describesThePolicy() {
        Map<String, Object> body = new ShortestFirstResource(new ShortestFirstPolicy()).describe();
        assertEquals("shortest-first", body.get("scheduler"));
        assertEquals("berth.scheduler=shortest-first", body.get("property"));
        assertEquals(ShortestFirstPolicy.class.getName(), body.get("implementation"));
    }
}
