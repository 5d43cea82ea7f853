package dev.chaosharness.shop.orders;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /orders {item, amountCents}: 202 {"orderId": n} once the order is stored; GET /orders/{id}: its state. */
@RestController
public class OrderController {

    public record PlaceOrder(String item, Long amountCents) {
    }

    private final Orders orders;

    public OrderController(Orders orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    public ResponseEntity<Map<String, Object>> place(@RequestBody PlaceOrder order) {
        if (order.item() == null || order.item().isBlank() || order.amountCents() == null || order.amountCents() <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "item and a positive amountCents are required"));
        }
        long orderId = orders.place(order.item(), order.amountCents());
        return ResponseEntity.accepted().body(Map.of("orderId", orderId));
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable("id") long id) {
        return orders.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
}
