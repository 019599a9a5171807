//! The FIFO inside a mailbox: the first call is kept inline, so that an actor that gets one
//! call at a time (most do) never allocates a queue.

use std::collections::VecDeque;

/// A FIFO whose first element is kept out of the heap.
pub(super) struct Queue<T> {
    /// The first element; `None` only while the queue is empty.
    head: Option<T>,
    /// The elements after `head`, in order.
    rest: VecDeque<T>,
}

impl<T> Queue<T> {
    /// An empty queue; allocates nothing.
    pub(super) const fn new() -> Self {
        Self {
            head: None,
            rest: VecDeque::new(),
        }
    }

    #[inline]
    pub(super) fn len(&self) -> usize {
        usize::from(self.head.is_some()) + self.rest.len()
    }

    #[inline]
    pub(super) fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    #[inline]
    pub(super) fn push_back(&mut self, element: T) {
        if self.head.is_none() {
            self.head = Some(element);
        } else {
            self.rest.push_back(element);
        }
    }

    pub(super) fn push_front(&mut self, element: T) {
        if let Some(second) = self.head.replace(element) {
            self.rest.push_front(second);
        }
    }

    #[inline]
    pub(super) fn pop_front(&mut self) -> Option<T> {
        let first = self.head.take()?;
        // Most queues hold one call at a time: then `head` is left empty as it is.
        if !self.rest.is_empty() {
            self.head = self.rest.pop_front();
        }
        Some(first)
    }

    pub(super) fn pop_back(&mut self) -> Option<T> {
        self.rest.pop_back().or_else(|| self.head.take())
    }

    #[inline]
    pub(super) fn front(&self) -> Option<&T> {
        self.head.as_ref()
    }

    pub(super) fn back(&self) -> Option<&T> {
        self.rest.back().or(self.head.as_ref())
    }

    /// The elements, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.head.iter().chain(&self.rest)
    }

    /// Moves every element, in order, to `into`, which must be empty; `into`'s buffer
    /// becomes this queue's, so that nothing is copied but the head.
    pub(super) fn move_all(&mut self, into: &mut VecDeque<T>) {
        debug_assert!(into.is_empty());
        std::mem::swap(&mut self.rest, into);
        if let Some(head) = self.head.take() {
            into.push_front(head);
        }
    }

    /// Takes every element out, in order.
    pub(super) fn take_all(&mut self) -> impl Iterator<Item = T> + use<T> {
        let head = self.head.take();
        head.into_iter().chain(std::mem::take(&mut self.rest))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::Queue;

    fn contents(queue: &Queue<u32>) -> Vec<u32> {
        queue.iter().copied().collect()
    }

    #[test]
    fn it_is_a_fifo_at_both_ends() {
        let mut queue = Queue::new();
        assert!(queue.is_empty() && queue.pop_front().is_none() && queue.pop_back().is_none());
        queue.push_back(2);
        queue.push_back(3);
        queue.push_front(1);
        queue.push_back(4);
        assert_eq!(contents(&queue), [1, 2, 3, 4]);
        assert_eq!(
            (queue.len(), queue.front(), queue.back()),
            (4, Some(&1), Some(&4))
        );
        assert_eq!(queue.pop_back(), Some(4));
        assert_eq!(queue.pop_front(), Some(1));
        assert_eq!(contents(&queue), [2, 3]);
        assert_eq!(queue.pop_back(), Some(3));
        assert_eq!(queue.back(), Some(&2));
        assert_eq!(queue.pop_back(), Some(2));
        assert_eq!(queue.len(), 0);
        assert!(queue.is_empty() && queue.back().is_none());
    }

    #[test]
    fn one_element_at_a_time_never_allocates() {
        let mut queue = Queue::new();
        for element in 0..10 {
            queue.push_back(element);
            assert_eq!(queue.pop_front(), Some(element));
        }
        assert_eq!(queue.rest.capacity(), 0);
    }

    #[test]
    fn moving_or_taking_all_keeps_the_order() {
        let mut queue = Queue::new();
        (1..=5).for_each(|element| queue.push_back(element));
        let mut moved = VecDeque::new();
        queue.move_all(&mut moved);
        assert!(queue.is_empty());
        assert_eq!(moved, [1, 2, 3, 4, 5]);
        (6..=8).for_each(|element| queue.push_back(element));
        assert_eq!(queue.take_all().collect::<Vec<_>>(), [6, 7, 8]);
        assert!(queue.is_empty());
    }
}
