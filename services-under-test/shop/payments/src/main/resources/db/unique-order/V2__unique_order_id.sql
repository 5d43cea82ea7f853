-- One payment per order (left out with shop.defect.check-then-insert).
create unique index payments_order_id on payments (order_id);
