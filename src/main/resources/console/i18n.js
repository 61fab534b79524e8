// Chinese and English. The browser's language decides at first; the switch in the top bar is remembered
// in localStorage (a preference, not a secret).
const LANG_KEY = 'imagepic.lang';

const zh = {
  'nav.label': '主导航', 'nav.skip': '跳到正文', 'nav.signin': '登录', 'nav.upload': '上传', 'nav.gallery': '图库',
  'nav.buckets': '存储桶', 'nav.tokens': '服务令牌', 'nav.webhooks': 'Webhook', 'nav.activity': '动态',
  'nav.connect': '连接工具', 'nav.account': '账号', 'nav.signout': '退出登录',
  'lang.switch': '切换语言到{to}',
  'common.cancel': '取消', 'common.close': '关闭', 'common.delete': '删除', 'common.remove': '移除', 'common.done': '完成',
  'common.refresh': '刷新',
  'field.phone': '手机号', 'field.password': '密码', 'field.name': '姓名（可选）', 'field.team': '团队（可选）', 'field.email': '邮箱',
  'field.passwordRule': '6–20 位字母、数字或 _!@#$%^&*',
  'signin.title': '登录 imagepic', 'signin.registerTitle': '注册账号', 'signin.intro': '团队私有图床：上传图片，复制链接。',
  'signin.mode': '登录或注册', 'signin.tab': '登录', 'signin.registerTab': '注册', 'signin.submit': '登录', 'signin.register': '注册并登录',
  'signin.wrong': '手机号或密码不正确。', 'signin.closed': '本服务未开放注册，请联系管理员为你创建账号。',
  'signin.exists': '该手机号已注册，请直接登录。', 'signin.expired': '登录已过期，请重新登录。', 'signin.signedOut': '已退出登录。',
  'upload.title': '上传图片', 'upload.intro': '把图片拖到页面上、粘贴截图（Ctrl+V / ⌘V），或选择文件。',
  'upload.options': '上传设置', 'upload.bucket': '存储桶', 'upload.folder': '文件夹', 'upload.folderPlaceholder': '例如 blog/2024',
  'upload.folderHint': '可留空；用 / 分隔多级。', 'upload.naming': '命名', 'upload.namingOriginal': '保留原文件名', 'upload.namingHash': '按内容哈希命名',
  'upload.namingHint': '哈希命名：同一图片只存一份，链接可长期缓存。', 'upload.keep': '不覆盖同名文件',
  'upload.dropTitle': '拖放图片到这里', 'upload.dropHint': '或粘贴截图，或', 'upload.pick': '选择文件',
  'upload.queue': '上传记录', 'upload.clear': '清除已完成', 'upload.queued': '等待中', 'upload.uploading': '上传中',
  'upload.progress': '上传中 {percent}%', 'upload.done': '已上传', 'upload.failed': '失败', 'upload.progressOf': '{name} 的上传进度',
  'upload.linkOf': '{name} 的链接', 'upload.noBucket': '请先选择存储桶。', 'upload.noBuckets': '（还没有存储桶）',
  'upload.createFirst': '还没有存储桶，请先创建一个：', 'upload.askAdmin': '还没有可用的存储桶，请联系管理员。',
  'copy.as': '复制 {name} 的链接', 'copy.format': '复制 {name} 的 {format} 链接', 'copy.done': '已复制 {what}',
  'copy.failed': '无法复制，请手动选择链接复制。', 'copy.text': '内容', 'copy.button': '复制',
  'err.network': '无法连接到服务，请检查网络后重试。', 'err.invalid': '输入有误', 'err.unauthorized': '登录已失效，请重新登录。',
  'err.forbidden': '你没有权限执行此操作', 'err.notFound': '找不到对象', 'err.timeout': '上传超时，请重试。',
  'err.conflict': '已存在同名对象', 'err.tooLarge': '文件太大，超过了服务允许的大小。', 'err.notImage': '不是支持的图片格式（支持 PNG、JPEG、GIF、WebP、AVIF、BMP、ICO）。',
  'err.tooMany': '尝试次数过多，请稍后再试。', 'err.unavailable': '存储暂时不可用，请稍后重试。', 'err.status': '请求失败（HTTP {status}）。',
  'err.unexpected': '出现意外错误。', 'err.loadPage': '页面加载失败，请刷新重试。', 'err.adminOnly': '此页面仅管理员可用。',
  'live.off': '未连接', 'live.connecting': '连接中…', 'live.live': '实时', 'live.retrying': '重新连接中…',
  'gallery.title': '图库', 'gallery.intro': '浏览存储桶中的图片，新上传的图片会实时出现。', 'gallery.bucket': '存储桶',
  'gallery.filter': '按名称前缀筛选', 'gallery.filterPlaceholder': '名称开头…', 'gallery.folders': '文件夹', 'gallery.images': '图片',
  'gallery.more': '加载更多', 'gallery.summary': '已显示 {shown} 张 · 此处共 {total} 项', 'gallery.empty': '这里还没有图片。',
  'gallery.noMatch': '没有以此开头的图片。', 'gallery.select': '选择 {name}', 'gallery.open': '查看大图：{name}',
  'gallery.deleteSelected': '删除所选（{count}）', 'gallery.confirmDelete': '确定删除 {count} 张图片？此操作无法撤销，使用这些链接的页面将无法显示图片。',
  'gallery.deleted': '已删除 {count} 张图片', 'gallery.deleteFailed': '{count} 张未能删除：{reason}',
  'gallery.key': '对象名', 'gallery.size': '大小', 'gallery.modified': '修改时间', 'gallery.type': '类型', 'gallery.uploader': '上传者',
  'gallery.unknown': '未知', 'gallery.link': '链接',
  'buckets.title': '存储桶', 'buckets.intro': '新建存储桶，设置公开或私有，移除空的存储桶。', 'buckets.create': '新建存储桶',
  'buckets.name': '名称', 'buckets.nameHint': '3–63 位小写字母、数字、“.”或“-”，首尾为字母或数字。', 'buckets.list': '全部存储桶',
  'buckets.created': '已创建 {name}', 'buckets.exists': '存储桶 {name} 已存在。', 'buckets.public': '公开', 'buckets.private': '私有',
  'buckets.makePublic': '设为公开', 'buckets.makePrivate': '设为私有',
  'buckets.confirmPublic': '将 {name} 设为公开后，任何知道链接的人都能查看其中的图片（不能列出目录）。继续？',
  'buckets.nowPublic': '{name} 已公开', 'buckets.nowPrivate': '{name} 已设为私有', 'buckets.confirmRemove': '确定移除存储桶 {name}？只有空的存储桶可以移除。',
  'buckets.removed': '已移除 {name}', 'buckets.notEmpty': '{name} 中还有图片，请先删除它们。', 'buckets.createdAt': '创建于 {date}',
  'buckets.none': '还没有存储桶。',
  'tokens.title': '服务令牌', 'tokens.intro': '供后端服务和上传工具使用的长期令牌，可限定权限范围和存储桶，随时吊销。',
  'tokens.create': '创建令牌', 'tokens.createButton': '创建令牌', 'tokens.name': '令牌名称', 'tokens.nameHint': '1–64 位字母、数字、“.”、“_”或“-”；上传记录中显示为上传者。',
  'tokens.scopes': '权限范围', 'tokens.scope.upload': '上传图片', 'tokens.scope.read': '读取、列出、查看图片和事件流',
  'tokens.scope.remove': '删除它自己上传的图片', 'tokens.scope.admin': '管理存储桶、策略和 Webhook',
  'tokens.buckets': '存储桶', 'tokens.bucketsHint': '不勾选表示所有存储桶。', 'tokens.expires': '到期日（可选）', 'tokens.expiresHint': '留空则一直有效，直到吊销。',
  'tokens.needScope': '请至少选择一个权限范围。', 'tokens.secretTitle': '令牌 {name} 已创建',
  'tokens.secretNote': '请现在复制并妥善保存：关闭后无法再次查看。', 'tokens.list': '现有令牌', 'tokens.revoke': '吊销',
  'tokens.confirmRevoke': '确定吊销令牌 {name}？使用它的服务将立即无法访问。', 'tokens.revoked': '已吊销 {name}',
  'tokens.bucketsList': '存储桶：{buckets}', 'tokens.allBuckets': '全部', 'tokens.createdBy': '{owner} 创建于 {date}',
  'tokens.expiresAt': '{date} 到期', 'tokens.noExpiry': '永不过期', 'tokens.lastUsed': '最近使用 {date}', 'tokens.neverUsed': '从未使用',
  'tokens.expired': '已过期', 'tokens.none': '还没有服务令牌。',
  'webhooks.title': 'Webhook', 'webhooks.intro': '图片增删时，向你的服务发送带签名的 POST 请求。', 'webhooks.add': '添加 Webhook',
  'webhooks.addButton': '添加', 'webhooks.url': '接收地址', 'webhooks.urlHint': '以 http:// 或 https:// 开头的完整地址。',
  'webhooks.bucket': '存储桶', 'webhooks.allBuckets': '所有存储桶', 'webhooks.prefix': '对象名前缀', 'webhooks.suffix': '对象名后缀',
  'webhooks.events': '事件', 'webhooks.eventsHint': '不勾选表示全部事件。', 'webhooks.allEvents': '全部事件',
  'webhooks.secretTitle': '签名密钥', 'webhooks.secretNote': '用它校验 X-Imagepic-Signature。请现在复制：之后无法再次查看。',
  'webhooks.list': '已添加的 Webhook', 'webhooks.none': '还没有 Webhook。', 'webhooks.confirmRemove': '确定移除 {url}？待投递的事件也会被丢弃。',
  'webhooks.removed': '已移除 Webhook', 'webhooks.onBucket': '存储桶 {bucket}', 'webhooks.since': '添加于 {date}',
  'webhooks.delivered': '已送达', 'webhooks.pending': '待投递', 'webhooks.failed': '失败', 'webhooks.dropped': '已丢弃',
  'activity.title': '动态', 'activity.intro': '通过本服务进行的每一次更改，实时显示。', 'activity.bucket': '存储桶',
  'activity.allBuckets': '所有存储桶', 'activity.pause': '暂停', 'activity.resume': '继续', 'activity.clear': '清空',
  'activity.events': '事件', 'activity.waiting': '正在等待新的事件…',
  'activity.type.s3:ObjectCreated:Put': '上传', 'activity.type.s3:ObjectRemoved:Delete': '删除',
  'activity.type.s3:BucketCreated': '新建存储桶', 'activity.type.s3:BucketRemoved': '移除存储桶',
  'connect.title': '连接工具', 'connect.intro': '为 PicGo、ShareX、Typora 或 curl 生成现成的配置，使用一个只能上传到所选存储桶的服务令牌。',
  'connect.create': '为工具创建上传令牌', 'connect.createButton': '生成配置', 'connect.nameHint': '令牌名称，会作为上传者记录。',
  'connect.privateNote': '私有存储桶的链接需要令牌才能查看；要在文档或网页中直接显示，请选择公开的存储桶。',
  'connect.created': '已创建令牌 {name}', 'connect.onceNote': '以下配置包含令牌密钥，只显示这一次：请现在复制或下载。',
  'connect.download': '下载 {name}',
  'connect.picgo1': '在 PicGo 的插件设置中安装 web-uploader（picgo-plugin-web-uploader）。',
  'connect.picgo2': '图床设置 → 自定义Web图床：按下面的 url、paramName、jsonPath、customHeader 填写；或将其合并进 PicGo 的 data.json。',
  'connect.picgo3': '设为默认图床后即可上传。',
  'connect.sharex1': '下载 .sxcu 文件并双击导入 ShareX。', 'connect.sharex2': '它会成为 ShareX 的自定义图片上传目标。',
  'connect.typora1': '下载脚本并保存，例如 ~/imagepic-typora.sh。',
  'connect.typora2': 'Typora 偏好设置 → 图像 → 上传服务选“Custom Command”，命令填 sh ~/imagepic-typora.sh，然后点“验证图片上传选项”。',
  'connect.curl1': '在终端中运行（把 screenshot.png 换成你的图片）：',
  'account.title': '账号', 'account.role': '角色', 'account.admin': '管理员', 'account.member': '成员', 'account.change': '修改密码',
  'account.old': '当前密码', 'account.new': '新密码', 'account.again': '再次输入新密码', 'account.changeButton': '修改密码',
  'account.mismatch': '两次输入的新密码不一致。', 'account.changed': '密码已修改，其他设备上的登录已失效。', 'account.wrongOld': '当前密码不正确。',
};

const en = {
  'nav.label': 'Main', 'nav.skip': 'Skip to content', 'nav.signin': 'Sign in', 'nav.upload': 'Upload', 'nav.gallery': 'Gallery',
  'nav.buckets': 'Buckets', 'nav.tokens': 'Service tokens', 'nav.webhooks': 'Webhooks', 'nav.activity': 'Activity',
  'nav.connect': 'Connect a tool', 'nav.account': 'Account', 'nav.signout': 'Sign out',
  'lang.switch': 'Switch language to {to}',
  'common.cancel': 'Cancel', 'common.close': 'Close', 'common.delete': 'Delete', 'common.remove': 'Remove', 'common.done': 'Done',
  'common.refresh': 'Refresh',
  'field.phone': 'Phone', 'field.password': 'Password', 'field.name': 'Name (optional)', 'field.team': 'Team (optional)', 'field.email': 'Email',
  'field.passwordRule': '6–20 letters, digits or _!@#$%^&*',
  'signin.title': 'Sign in to imagepic', 'signin.registerTitle': 'Create an account', 'signin.intro': "Your team's private image host: upload images, copy links.",
  'signin.mode': 'Sign in or register', 'signin.tab': 'Sign in', 'signin.registerTab': 'Register', 'signin.submit': 'Sign in', 'signin.register': 'Register and sign in',
  'signin.wrong': 'Wrong phone or password.', 'signin.closed': 'Registration is closed here. Ask an admin to create your account.',
  'signin.exists': 'This phone is already registered. Sign in instead.', 'signin.expired': 'Your session expired. Please sign in again.', 'signin.signedOut': 'You are signed out.',
  'upload.title': 'Upload images', 'upload.intro': 'Drop images on the page, paste a screenshot (Ctrl+V / ⌘V), or pick files.',
  'upload.options': 'Upload settings', 'upload.bucket': 'Bucket', 'upload.folder': 'Folder', 'upload.folderPlaceholder': 'e.g. blog/2024',
  'upload.folderHint': 'Optional; use / for subfolders.', 'upload.naming': 'Naming', 'upload.namingOriginal': 'Keep the file name', 'upload.namingHash': 'Name by content hash',
  'upload.namingHint': 'Hash naming stores each image once; its link can be cached for good.', 'upload.keep': "Don't replace files with the same name",
  'upload.dropTitle': 'Drop images here', 'upload.dropHint': 'or paste a screenshot, or', 'upload.pick': 'Choose files',
  'upload.queue': 'Uploads', 'upload.clear': 'Clear finished', 'upload.queued': 'Waiting', 'upload.uploading': 'Uploading',
  'upload.progress': 'Uploading {percent}%', 'upload.done': 'Uploaded', 'upload.failed': 'Failed', 'upload.progressOf': 'Upload progress of {name}',
  'upload.linkOf': 'Link of {name}', 'upload.noBucket': 'Choose a bucket first.', 'upload.noBuckets': '(no buckets yet)',
  'upload.createFirst': 'There are no buckets yet. Create one first:', 'upload.askAdmin': 'There is no bucket you can use yet. Ask an admin.',
  'copy.as': 'Copy the link of {name}', 'copy.format': 'Copy the {format} link of {name}', 'copy.done': '{what} copied',
  'copy.failed': 'Could not copy. Select the link and copy it yourself.', 'copy.text': 'Text', 'copy.button': 'Copy',
  'err.network': 'Could not reach the service. Check the network and try again.', 'err.invalid': 'Invalid input', 'err.unauthorized': 'Your session has ended. Please sign in again.',
  'err.forbidden': "You don't have permission to do this", 'err.notFound': 'Not found', 'err.timeout': 'The upload timed out. Try again.',
  'err.conflict': 'Something with this name already exists', 'err.tooLarge': 'The file is too large for this service.', 'err.notImage': 'Not a supported image (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO).',
  'err.tooMany': 'Too many attempts. Try again later.', 'err.unavailable': 'Storage is unavailable right now. Try again shortly.', 'err.status': 'The request failed (HTTP {status}).',
  'err.unexpected': 'Something unexpected went wrong.', 'err.loadPage': 'This page failed to load. Reload and try again.', 'err.adminOnly': 'This page is for admins only.',
  'live.off': 'Offline', 'live.connecting': 'Connecting…', 'live.live': 'Live', 'live.retrying': 'Reconnecting…',
  'gallery.title': 'Gallery', 'gallery.intro': "Browse a bucket's images. New uploads appear as they happen.", 'gallery.bucket': 'Bucket',
  'gallery.filter': 'Filter by name prefix', 'gallery.filterPlaceholder': 'Name starts with…', 'gallery.folders': 'Folders', 'gallery.images': 'Images',
  'gallery.more': 'Load more', 'gallery.summary': '{shown} images shown · {total} entries here', 'gallery.empty': 'No images here yet.',
  'gallery.noMatch': 'No images start with this.', 'gallery.select': 'Select {name}', 'gallery.open': 'Open {name} large',
  'gallery.deleteSelected': 'Delete selected ({count})', 'gallery.confirmDelete': 'Delete {count} image(s)? This cannot be undone, and pages using their links will show nothing.',
  'gallery.deleted': '{count} image(s) deleted', 'gallery.deleteFailed': '{count} could not be deleted: {reason}',
  'gallery.key': 'Name', 'gallery.size': 'Size', 'gallery.modified': 'Modified', 'gallery.type': 'Type', 'gallery.uploader': 'Uploader',
  'gallery.unknown': 'unknown', 'gallery.link': 'Link',
  'buckets.title': 'Buckets', 'buckets.intro': 'Create buckets, make them public or private, remove empty ones.', 'buckets.create': 'Create a bucket',
  'buckets.name': 'Name', 'buckets.nameHint': '3–63 lower-case letters, digits, "." or "-", starting and ending with a letter or digit.', 'buckets.list': 'All buckets',
  'buckets.created': '{name} created', 'buckets.exists': 'Bucket {name} already exists.', 'buckets.public': 'Public', 'buckets.private': 'Private',
  'buckets.makePublic': 'Make public', 'buckets.makePrivate': 'Make private',
  'buckets.confirmPublic': 'Once {name} is public, anyone with a link can view its images (nobody can list them). Continue?',
  'buckets.nowPublic': '{name} is now public', 'buckets.nowPrivate': '{name} is now private', 'buckets.confirmRemove': 'Remove bucket {name}? Only empty buckets can be removed.',
  'buckets.removed': '{name} removed', 'buckets.notEmpty': '{name} still holds images. Delete them first.', 'buckets.createdAt': 'created {date}',
  'buckets.none': 'No buckets yet.',
  'tokens.title': 'Service tokens', 'tokens.intro': 'Long-lived tokens for backend services and upload tools, limited to scopes and buckets, revocable at any time.',
  'tokens.create': 'Create a token', 'tokens.createButton': 'Create token', 'tokens.name': 'Token name', 'tokens.nameHint': '1–64 letters, digits, ".", "_" or "-"; shown as the uploader of what it uploads.',
  'tokens.scopes': 'Scopes', 'tokens.scope.upload': 'upload images', 'tokens.scope.read': 'read, list and view images, and the event stream',
  'tokens.scope.remove': 'delete the images it uploaded', 'tokens.scope.admin': 'manage buckets, policies and webhooks',
  'tokens.buckets': 'Buckets', 'tokens.bucketsHint': 'None ticked means every bucket.', 'tokens.expires': 'Expires on (optional)', 'tokens.expiresHint': 'Empty: valid until revoked.',
  'tokens.needScope': 'Choose at least one scope.', 'tokens.secretTitle': 'Token {name} created',
  'tokens.secretNote': 'Copy it now and keep it safe: it cannot be shown again.', 'tokens.list': 'Tokens', 'tokens.revoke': 'Revoke',
  'tokens.confirmRevoke': 'Revoke token {name}? Whatever uses it loses access at once.', 'tokens.revoked': '{name} revoked',
  'tokens.bucketsList': 'buckets: {buckets}', 'tokens.allBuckets': 'all', 'tokens.createdBy': 'created {date} by {owner}',
  'tokens.expiresAt': 'expires {date}', 'tokens.noExpiry': 'never expires', 'tokens.lastUsed': 'last used {date}', 'tokens.neverUsed': 'never used',
  'tokens.expired': 'expired', 'tokens.none': 'No service tokens yet.',
  'webhooks.title': 'Webhooks', 'webhooks.intro': 'Signed POST requests to your service whenever images are added or removed.', 'webhooks.add': 'Add a webhook',
  'webhooks.addButton': 'Add', 'webhooks.url': 'Receiver URL', 'webhooks.urlHint': 'A full address starting with http:// or https://.',
  'webhooks.bucket': 'Bucket', 'webhooks.allBuckets': 'All buckets', 'webhooks.prefix': 'Name prefix', 'webhooks.suffix': 'Name suffix',
  'webhooks.events': 'Events', 'webhooks.eventsHint': 'None ticked means every event.', 'webhooks.allEvents': 'all events',
  'webhooks.secretTitle': 'Signing secret', 'webhooks.secretNote': 'Verify X-Imagepic-Signature with it. Copy it now: it cannot be shown again.',
  'webhooks.list': 'Webhooks', 'webhooks.none': 'No webhooks yet.', 'webhooks.confirmRemove': 'Remove {url}? Its pending deliveries are dropped too.',
  'webhooks.removed': 'Webhook removed', 'webhooks.onBucket': 'bucket {bucket}', 'webhooks.since': 'added {date}',
  'webhooks.delivered': 'delivered', 'webhooks.pending': 'pending', 'webhooks.failed': 'failed', 'webhooks.dropped': 'dropped',
  'activity.title': 'Activity', 'activity.intro': 'Every change made through the service, live.', 'activity.bucket': 'Bucket',
  'activity.allBuckets': 'All buckets', 'activity.pause': 'Pause', 'activity.resume': 'Resume', 'activity.clear': 'Clear',
  'activity.events': 'Events', 'activity.waiting': 'Waiting for events…',
  'activity.type.s3:ObjectCreated:Put': 'uploaded', 'activity.type.s3:ObjectRemoved:Delete': 'deleted',
  'activity.type.s3:BucketCreated': 'bucket created', 'activity.type.s3:BucketRemoved': 'bucket removed',
  'connect.title': 'Connect a tool', 'connect.intro': 'Ready-made set-ups for PicGo, ShareX, Typora and curl, with a service token that may only upload into the bucket you choose.',
  'connect.create': 'Create an upload token for a tool', 'connect.createButton': 'Make configurations', 'connect.nameHint': 'The token name, recorded as the uploader.',
  'connect.privateNote': 'Links to a private bucket need a token to view. For images that show in documents and pages as they are, choose a public bucket.',
  'connect.created': 'Token {name} created', 'connect.onceNote': 'These set-ups hold the token secret and are shown only this once: copy or download them now.',
  'connect.download': 'Download {name}',
  'connect.picgo1': "Install web-uploader (picgo-plugin-web-uploader) in PicGo's plugin settings.",
  'connect.picgo2': 'In its image-host settings, fill in url, paramName, jsonPath and customHeader as below, or merge this into PicGo\'s data.json.',
  'connect.picgo3': 'Make it the default image host and upload.',
  'connect.sharex1': 'Download the .sxcu file and double-click it to import it into ShareX.', 'connect.sharex2': 'It becomes ShareX\'s custom image uploader.',
  'connect.typora1': 'Download the script and keep it, e.g. as ~/imagepic-typora.sh.',
  'connect.typora2': 'Typora: Preferences → Image → Image Uploader: Custom Command, command sh ~/imagepic-typora.sh, then "Test Uploader".',
  'connect.curl1': 'Run in a terminal (put your image in place of screenshot.png):',
  'account.title': 'Account', 'account.role': 'Role', 'account.admin': 'Admin', 'account.member': 'Member', 'account.change': 'Change password',
  'account.old': 'Current password', 'account.new': 'New password', 'account.again': 'New password again', 'account.changeButton': 'Change password',
  'account.mismatch': 'The new passwords differ.', 'account.changed': 'Password changed. Sessions elsewhere have ended.', 'account.wrongOld': 'The current password is wrong.',
};

export const DICTIONARIES = { zh, en };

function initial() {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'zh'];
  for (const l of preferred) {
    const code = l.toLowerCase();
    if (code.startsWith('zh')) return 'zh';
    if (code.startsWith('en')) return 'en';
  }
  return 'en';
}

let current = initial();

export function lang() {
  return current;
}

/** The language sent to the API, so its reasons (data.err) come back in the same language. */
export function apiLanguage() {
  return current === 'zh' ? 'zh-CN' : 'en';
}

export function setLang(next) {
  current = next === 'zh' ? 'zh' : 'en';
  localStorage.setItem(LANG_KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The text for key, with {name} placeholders filled in; the key itself when missing. */
export function t(key, vars) {
  const text = DICTIONARIES[current][key] ?? DICTIONARIES.en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] ?? m)) : text;
}
