"""The sign-in page beyond its form (the form's own keys are ``auth.*`` in access.py): the
language switch, the demo accounts' list, single sign-on through an OIDC provider."""

MESSAGES = {
    "zh": {
        "sign_in.lead": "请使用本平台账户登录。",
        "sign_in.signed_out": "您已退出登录。",
        "sign_in.demo.header": "演示账户",
        "sign_in.demo.note": "以下账户只存在于含示例数据的演示数据库中，正式部署的数据库没有这些账户。密码均为 {password}。",
        "sign_in.demo.account": "账户",
        "sign_in.demo.name": "名称",
        "sign_in.demo.role": "角色",
        "sign_in.demo.region": "地区",
        "sign_in.oidc.button": "使用统一身份认证登录",
        "sign_in.oidc.or": "或使用本平台的用户名和密码登录：",
        "sign_in.oidc.unknown": "统一身份认证账号 {email} 尚未开通本平台账户。请联系系统管理员添加：python -m oversight user add 用户名 --role 角色 --region 地区 --email {email}",
        "sign_in.oidc.no_email": "统一身份认证未提供电子邮箱，无法对应本平台账户。请联系系统管理员。",
        "sign_in.oidc.sign_out": "退出统一身份认证",
    },
    "en": {
        "sign_in.lead": "Sign in with your account on this platform.",
        "sign_in.signed_out": "You have signed out.",
        "sign_in.demo.header": "Demo accounts",
        "sign_in.demo.note": "These accounts exist only in the demo database, which holds the sample data; a real deployment's database has none. Each one's password is {password}.",
        "sign_in.demo.account": "Account",
        "sign_in.demo.name": "Name",
        "sign_in.demo.role": "Role",
        "sign_in.demo.region": "Region",
        "sign_in.oidc.button": "Sign in with single sign-on",
        "sign_in.oidc.or": "Or with a username and password of this platform:",
        "sign_in.oidc.unknown": "The single sign-on account {email} has no account on this platform. Ask your administrator to add it: python -m oversight user add USERNAME --role ROLE --region REGION --email {email}",
        "sign_in.oidc.no_email": "Single sign-on gave no e-mail address to find your account by. Ask your administrator.",
        "sign_in.oidc.sign_out": "Sign out of single sign-on",
    },
}
