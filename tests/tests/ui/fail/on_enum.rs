use actor_core::prelude::*;

#[actor]
pub enum Light {
    On,
    Off,
}

#[actor]
impl Light {
    pub fn new() -> Self {
        Self::Off
    }

    pub fn toggle(&mut self) -> bool {
        *self = match self {
            Self::On => Self::Off,
            Self::Off => Self::On,
        };
        matches!(self, Self::On)
    }
}

fn main() {
    let light = Light::remote();
    let _ = light.toggle();
}
