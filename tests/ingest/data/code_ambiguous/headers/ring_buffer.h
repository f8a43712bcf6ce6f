#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include <stddef.h>
#include <stdint.h>

/* A fixed-size byte ring buffer for interrupt-driven serial input. */
typedef struct ring_buffer {
    uint8_t *data;
    size_t capacity;
    size_t head;
    size_t tail;
} ring_buffer_t;

int ring_buffer_init(ring_buffer_t *rb, uint8_t *storage, size_t capacity);
int ring_buffer_push(ring_buffer_t *rb, uint8_t byte);
int ring_buffer_pop(ring_buffer_t *rb, uint8_t *out);
size_t ring_buffer_count(const ring_buffer_t *rb);

#endif /* RING_BUFFER_H */
