use actor_core::prelude::*;

#[actor]
pub struct Stack<T> {
    items: Vec<T>,
}

#[actor]
impl<T: Send + Clone + 'static + serde::Serialize + serde::de::DeserializeOwned> Stack<T> {
    pub fn new() -> Self {
        Self { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) -> usize {
        self.items.push(item);
        self.items.len()
    }

    pub fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }

    pub fn peek(&self) -> Option<T> {
        self.items.last().cloned()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

fn main() {
    let stack = Stack::<String>::remote();
    assert_eq!(stack.push("a".to_owned()).get().unwrap(), 1);
    assert_eq!(stack.push("b".to_owned()).get().unwrap(), 2);
    assert_eq!(stack.peek().get().unwrap(), Some("b".to_owned()));
    assert_eq!(stack.pop().get().unwrap(), Some("b".to_owned()));
    assert_eq!(stack.len().get().unwrap(), 1);

    let numbers: StackHandle<u64> = Stack::remote();
    assert_eq!(numbers.push(7).get().unwrap(), 1);
    assert_eq!(numbers.pop().get().unwrap(), Some(7));
    assert_eq!(numbers.pop().get().unwrap(), None);
    numbers.tell().push(8).unwrap();
    assert_eq!(numbers.len().get().unwrap(), 1);
}
