use actor_core::prelude::*;

#[actor]
pub struct Account {
    balance: u64,
}

#[actor]
impl Account {
    pub fn new(balance: i64) -> Result<Self, String> {
        if balance < 0 {
            Err(format!("negative opening balance {balance}"))
        } else {
            Ok(Self {
                balance: balance as u64,
            })
        }
    }

    pub fn balance(&self) -> u64 {
        self.balance
    }
}

fn main() {
    let ok = Account::remote(5);
    assert_eq!(ok.balance().get().unwrap(), 5);
    let failed = Account::remote(-1);
    let error = failed.balance().get().unwrap_err();
    assert!(
        error.to_string().contains("negative opening balance -1"),
        "{error}"
    );
}
