//! C17: synthesized and de-duplicated operation names, all distinct.
#[allow(dead_code)]
async fn names_exist(client: &case_c17::Client) {
    let s = client.default();
    let _ = s.get_accounts().await;
    let _ = s.get_accounts_by_account_id(&case_c17::services::GetAccountsByAccountIdParams::new("a")).await;
    let _ = s.get_user().await;
    let _ = s.get_user_2().await;
    let _ = s.get_user_3().await;
    let _ = s.get_user_legacy().await;
}

#[test]
fn compiles_with_unique_names() {}
