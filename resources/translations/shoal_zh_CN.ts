<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DisplayText</name>
    <message>
        <location filename="../../ui/displaytext.cpp" line="11"/>
        <location filename="../../ui/displaytext.cpp" line="97"/>
        <source>pending</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="12"/>
        <source>placing</source>
        <translation>放置中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="13"/>
        <source>creating</source>
        <translation>创建中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="14"/>
        <source>booting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="15"/>
        <location filename="../../ui/displaytext.cpp" line="67"/>
        <location filename="../../ui/displaytext.cpp" line="71"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="16"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="17"/>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="18"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="19"/>
        <source>sleeping</source>
        <translation>休眠中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="20"/>
        <source>asleep</source>
        <translation>已休眠</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="21"/>
        <source>waking</source>
        <translation>唤醒中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="22"/>
        <source>destroying</source>
        <translation>销毁中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="23"/>
        <location filename="../../ui/displaytext.cpp" line="69"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="24"/>
        <location filename="../../ui/displaytext.cpp" line="26"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="32"/>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="33"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="34"/>
        <location filename="../../ui/displaytext.cpp" line="36"/>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="42"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="44"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="46"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="48"/>
        <source>Destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="50"/>
        <source>Add host</source>
        <translation>添加主机</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="52"/>
        <source>Remove host</source>
        <translation>移除主机</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="54"/>
        <source>Sleep</source>
        <translation>休眠</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="56"/>
        <source>Wake</source>
        <translation>唤醒</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="58"/>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="60"/>
        <source>Promote to template</source>
        <translation>提升为模板</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="68"/>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="77"/>
        <source>prepare template</source>
        <translation>准备模板</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="79"/>
        <source>place</source>
        <translation>放置</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="81"/>
        <source>define</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="83"/>
        <source>start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="85"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="87"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="89"/>
        <source>probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="91"/>
        <source>list sandboxes</source>
        <translation>列出沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="93"/>
        <source>stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="95"/>
        <source>destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="99"/>
        <source>define and start</source>
        <translation>定义并启动</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="101"/>
        <source>copy disk</source>
        <translation>复制磁盘</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="108"/>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="109"/>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="116"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="118"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="120"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="121"/>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="128"/>
        <source>%1 %2 ms</source>
        <translation>%1 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="135"/>
        <source>not selected by the unit</source>
        <translation>不在该单元的选择范围内</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="136"/>
        <source>overflow condition not met</source>
        <translation>溢出条件未满足</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="137"/>
        <source>unit max reached</source>
        <translation>已达单元上限</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="138"/>
        <source>host disconnected or low on disk</source>
        <translation>主机已断开或磁盘空间不足</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="139"/>
        <source>CPU model not supported</source>
        <translation>不支持该 CPU 型号</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="140"/>
        <source>not enough capacity</source>
        <translation>容量不足</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="141"/>
        <source>zone spread limit</source>
        <translation>可用区分布限制</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/displaytext.cpp" line="154"/>
        <source>%1 (%n host(s))</source>
        <translation>
            <numerusform>%1（%n 台主机）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="159"/>
        <source>no host matches its selector</source>
        <translation>没有主机匹配其选择器</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="160"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="160"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="168"/>
        <source>Waiting in the queue for %1.</source>
        <translation>已在队列中等待 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="170"/>
        <source>Not tried yet.</source>
        <translation>尚未尝试放置。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="174"/>
        <source>Clone of &quot;%1&quot;, made on its parent&apos;s host.</source>
        <translation>“%1”的克隆，创建在其父沙箱所在的主机上。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="176"/>
        <source>No placement record: made before this database existed, or outside Shoal.</source>
        <translation>没有放置记录：它创建于此数据库之前，或不是由 Shoal 创建的。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="179"/>
        <source>Created on this host by request; no policy applied.</source>
        <translation>按请求在此主机上创建，未应用策略。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="180"/>
        <source>Unit &quot;%1&quot;, score %2.</source>
        <translation>单元“%1”，得分 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="182"/>
        <source>Zone spread could not be kept.</source>
        <translation>未能保持可用区均衡分布。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="184"/>
        <source>No other host of the unit had room.</source>
        <translation>该单元中没有其他主机有空余容量。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="186"/>
        <source>Runner-up: %1 (score %2).</source>
        <translation>次优主机：%1（得分 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/displaytext.cpp" line="189"/>
        <source>Waited %1; %2 pending at the time.</source>
        <translation>等待了 %1；当时有 %2 个在排队。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::ActivityPanel</name>
    <message>
        <location filename="../../ui/activitypanel.cpp" line="50"/>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <location filename="../../ui/activitypanel.cpp" line="62"/>
        <source>Operations</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/activitypanel.cpp" line="63"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>shoal::ui::AddHostDialog</name>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="36"/>
        <source>Add host</source>
        <translation>添加主机</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="45"/>
        <source>Optional, e.g. m.large</source>
        <translation>可选，例如 m.large</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="46"/>
        <source>Automatic (probe the host)</source>
        <translation>自动（探测主机）</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="47"/>
        <source>KVM</source>
        <translation>KVM</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="48"/>
        <source>QEMU (TCG emulation)</source>
        <translation>QEMU（TCG 模拟）</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="53"/>
        <source>libvirt &amp;URI:</source>
        <translation>libvirt &amp;URI：</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="54"/>
        <source>&amp;Zone:</source>
        <translation>可用区(&amp;Z)：</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="55"/>
        <source>&amp;Pool:</source>
        <translation>池(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="56"/>
        <source>&amp;Instance type:</source>
        <translation>实例类型(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="57"/>
        <source>&amp;Domain type:</source>
        <translation>域类型(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="87"/>
        <source>Enter the libvirt URI of the host.</source>
        <translation>请输入主机的 libvirt URI。</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="89"/>
        <source>&quot;%1&quot; is not a libvirt URI such as qemu:///system or qemu+ssh://root@host/system.</source>
        <translation>“%1”不是 libvirt URI，应类似 qemu:///system 或 qemu+ssh://root@host/system。</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="91"/>
        <source>Enter a zone.</source>
        <translation>请输入可用区。</translation>
    </message>
    <message>
        <location filename="../../ui/addhostdialog.cpp" line="93"/>
        <source>Enter a pool.</source>
        <translation>请输入池。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::BranchTreeModel</name>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="98"/>
        <source>%1 (parent destroyed)</source>
        <translation>%1（父沙箱已销毁）</translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="138"/>
        <source>Cloned from a sandbox that was destroyed (id %1)</source>
        <translation>克隆自一个已销毁的沙箱（id %1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/branchtreemodel.cpp" line="144"/>
        <source>%n descendant(s): clones, their clones and so on</source>
        <translation>
            <numerusform>%n 个后代：克隆、克隆的克隆等</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="160"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="161"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="162"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="163"/>
        <source>Cloned at</source>
        <translation>克隆时间</translation>
    </message>
    <message>
        <location filename="../../ui/branchtreemodel.cpp" line="164"/>
        <source>Branches</source>
        <translation>分支</translation>
    </message>
</context>
<context>
    <name>shoal::ui::BranchesPanel</name>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="29"/>
        <source>Destroy subtree</source>
        <translation>销毁子树</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/branchespanel.cpp" line="30"/>
        <source>Destroy &quot;%1&quot; and every branch cloned from it: %n sandbox(es) in all? Their disks and console logs are deleted.</source>
        <translation>
            <numerusform>销毁“%1”及从它克隆出的所有分支，共 %n 个沙箱？它们的磁盘和控制台日志将被删除。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="41"/>
        <source>Promote to template</source>
        <translation>提升为模板</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="42"/>
        <source>Name of the new template made from the disk of &quot;%1&quot;:</source>
        <translation>用“%1”的磁盘创建的新模板名称：</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="74"/>
        <source>Destroy &amp;subtree…</source>
        <translation>销毁子树(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="75"/>
        <source>&amp;Promote to template…</source>
        <translation>提升为模板(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="87"/>
        <source>Filter by name, state or host; matching branches keep their ancestors</source>
        <translation>按名称、状态或主机筛选；匹配的分支保留其祖先</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="108"/>
        <source>Destroy the selected sandbox and every branch cloned from it, the deepest first</source>
        <translation>销毁所选沙箱及从它克隆出的所有分支，从最深处开始</translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="109"/>
        <source>Make a new template from the disk of the selected sandbox, which must be stopped or asleep</source>
        <translation>用所选沙箱的磁盘创建新模板，该沙箱必须已停止或已休眠</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/branchespanel.cpp" line="233"/>
        <source>Destroying &quot;%1&quot; and its branches: %n sandbox(es)</source>
        <translation>
            <numerusform>正在销毁“%1”及其分支：%n 个沙箱</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/branchespanel.cpp" line="247"/>
        <source>Promoting &quot;%1&quot; to template &quot;%2&quot;</source>
        <translation>正在将“%1”提升为模板“%2”</translation>
    </message>
</context>
<context>
    <name>shoal::ui::ConsoleActions</name>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="44"/>
        <source>Destroy sandboxes</source>
        <translation>销毁沙箱</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="45"/>
        <source>Destroy %n sandbox(es)? Their disks and console logs are deleted.</source>
        <translation>
            <numerusform>要销毁 %n 个沙箱吗？它们的磁盘和控制台日志将被删除。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="63"/>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="64"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="65"/>
        <source>&amp;Force stop</source>
        <translation>强制停止(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="66"/>
        <source>&amp;Destroy…</source>
        <translation>销毁(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="67"/>
        <source>Add &amp;host…</source>
        <translation>添加主机(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="62"/>
        <source>&amp;Launch…</source>
        <translation>启动(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="26"/>
        <location filename="../../ui/consoleactions.cpp" line="31"/>
        <source>Clone ×N</source>
        <translation>克隆 ×N</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="27"/>
        <source>Number of clones of &quot;%1&quot;:</source>
        <translation>“%1”的克隆数量：</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="32"/>
        <source>Name prefix (empty: generated):</source>
        <translation>名称前缀（留空则自动生成）：</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="68"/>
        <source>&amp;Policy…</source>
        <translation>策略(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="69"/>
        <source>Edit the placement policy (Ctrl+Shift+P)</source>
        <translation>编辑放置策略（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="70"/>
        <source>&amp;Templates…</source>
        <translation>模板(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="71"/>
        <source>Edit the burst plan of a template</source>
        <translation>编辑模板的突发计划</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="72"/>
        <source>S&amp;leep</source>
        <translation>休眠(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="73"/>
        <source>Save the sandbox&apos;s memory on its host and stop it (Ctrl+L)</source>
        <translation>将沙箱内存保存在其主机上并停止它（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="74"/>
        <source>&amp;Wake</source>
        <translation>唤醒(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="75"/>
        <source>Restore the sandbox exactly where it was (Ctrl+W)</source>
        <translation>将沙箱恢复到休眠时的状态（Ctrl+W）</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="76"/>
        <source>&amp;Clone</source>
        <translation>克隆(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="77"/>
        <source>Fork the running sandbox: the clone continues from this instant (Ctrl+D)</source>
        <translation>分叉运行中的沙箱：克隆从此刻继续运行（Ctrl+D）</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="78"/>
        <source>Clone ×&amp;N…</source>
        <translation>克隆 ×&amp;N…</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="80"/>
        <source>Launch sandboxes from a template (Ctrl+N)</source>
        <translation>从模板启动沙箱（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="81"/>
        <source>Power the sandbox off without waiting for its guest</source>
        <translation>直接关闭沙箱电源，不等待客户机</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="182"/>
        <source>Creating %n sandbox(es) from template &quot;%1&quot;</source>
        <translation>
            <numerusform>正在从模板“%1”创建 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="193"/>
        <source>Applied the placement policy</source>
        <translation>已应用放置策略</translation>
    </message>
    <message>
        <location filename="../../ui/consoleactions.cpp" line="210"/>
        <source>Adding host &quot;%1&quot;</source>
        <translation>正在添加主机“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="221"/>
        <source>Starting %n sandbox(es)</source>
        <translation>
            <numerusform>正在启动 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="230"/>
        <source>Stopping %n sandbox(es)</source>
        <translation>
            <numerusform>正在停止 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="239"/>
        <source>Destroying %n sandbox(es)</source>
        <translation>
            <numerusform>正在销毁 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="248"/>
        <source>Putting %n sandbox(es) to sleep</source>
        <translation>
            <numerusform>正在让 %n 个沙箱休眠</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="257"/>
        <source>Waking %n sandbox(es)</source>
        <translation>
            <numerusform>正在唤醒 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/consoleactions.cpp" line="276"/>
        <source>Cloning &quot;%1&quot; %n time(s)</source>
        <translation>
            <numerusform>正在克隆“%1”%n 次</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>shoal::ui::FleetTreeModel</name>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="156"/>
        <source>%1 / %2 vCPU</source>
        <translation>%1 / %2 vCPU</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="158"/>
        <location filename="../../ui/fleettreemodel.cpp" line="163"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="200"/>
        <source>%1 of %2 hosts connected</source>
        <translation>已连接 %1 / %2 台主机</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="217"/>
        <source>Zone / pool / host</source>
        <translation>可用区 / 池 / 主机</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="218"/>
        <source>Sandboxes</source>
        <translation>沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="219"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="220"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../ui/fleettreemodel.cpp" line="221"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
</context>
<context>
    <name>shoal::ui::HostHeatMap</name>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="19"/>
        <source>CPU use per host</source>
        <translation>各主机 CPU 使用率</translation>
    </message>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="34"/>
        <source>% of host CPUs</source>
        <translation>占主机 CPU 的百分比</translation>
    </message>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="43"/>
        <source>Host in its zone and pool (hover for its name, click to select it)</source>
        <translation>按可用区和池排列的主机（悬停查看名称，单击选中）</translation>
    </message>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="139"/>
        <source>no stats yet</source>
        <translation>尚无统计数据</translation>
    </message>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="139"/>
        <source>%1 % of its CPUs busy</source>
        <translation>%1% 的 CPU 繁忙</translation>
    </message>
    <message>
        <location filename="../../ui/hostheatmap.cpp" line="140"/>
        <source>Host %1 (%2, %3): %4; %5 of %6 vCPUs and %7 of %8 allocated; %9 sandboxes. Click to select it in the fleet tree.</source>
        <translation>主机 %1（%2，%3）：%4；已分配 %6 个 vCPU 中的 %5 个、%8 中的 %7；%9 个沙箱。单击可在集群树中选中它。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::InspectorPanel</name>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="51"/>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="51"/>
        <source>Sandbox id:</source>
        <translation>沙箱 ID：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="52"/>
        <source>Domain:</source>
        <translation>域：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="52"/>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="53"/>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="53"/>
        <source>Zone:</source>
        <translation>可用区：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="54"/>
        <source>Pool:</source>
        <translation>池：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="54"/>
        <source>Size:</source>
        <translation>规格：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="55"/>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="55"/>
        <source>Started:</source>
        <translation>启动时间：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="56"/>
        <source>Cloned from:</source>
        <translation>克隆自：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="56"/>
        <source>Failure:</source>
        <translation>失败原因：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="57"/>
        <source>Placement:</source>
        <translation>放置：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="57"/>
        <source>Burst:</source>
        <translation>突发：</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="73"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="74"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="75"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="159"/>
        <source>No sandbox selected</source>
        <translation>未选择沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="159"/>
        <source>Sandbox removed</source>
        <translation>沙箱已移除</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="178"/>
        <source>%1 vCPU, %2</source>
        <translation>%1 vCPU，%2</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="195"/>
        <source>planned %1 % until %2, not applied on this host</source>
        <translation>计划 %1%，至 %2，未在此主机上应用</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="196"/>
        <source>baseline %1 %, planned, not applied on this host</source>
        <translation>基线 %1%，仅计划，未在此主机上应用</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="200"/>
        <source>planned %1 %, applied %2 % until %3</source>
        <translation>计划 %1%，已应用 %2%，至 %3</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="201"/>
        <source>ended %1; baseline planned %2 %, applied %3 %</source>
        <translation>已于 %1 结束；基线计划 %2%，已应用 %3%</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="250"/>
        <source>The console cannot be read: %1</source>
        <translation>无法读取控制台：%1</translation>
    </message>
    <message>
        <location filename="../../ui/inspectorpanel.cpp" line="259"/>
        <source>This host keeps no console log. Simulated hosts run on libvirt&apos;s test driver, which has no serial console.</source>
        <translation>此主机不保留控制台日志。模拟主机运行在 libvirt 的测试驱动上，该驱动没有串行控制台。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="45"/>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="58"/>
        <source>Loading the fleet…</source>
        <translation>正在加载集群…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="73"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="74"/>
        <source>Sandboxes</source>
        <translation>沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="75"/>
        <source>Placement</source>
        <translation>放置</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="76"/>
        <source>Branches</source>
        <translation>分支</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="97"/>
        <source>Fleet</source>
        <translation>集群</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="103"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="109"/>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="123"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="138"/>
        <source>&amp;Fleet</source>
        <translation>集群(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="143"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="146"/>
        <source>&amp;Sandbox</source>
        <translation>沙箱(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="158"/>
        <source>Hosts: %1, sandboxes: %2</source>
        <translation>主机：%1，沙箱：%2</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="175"/>
        <source>Queue empty</source>
        <translation>队列为空</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="176"/>
        <source>Pending: %1, oldest %2 s</source>
        <translation>排队：%1，最久 %2 秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/mainwindow.cpp" line="227"/>
        <source>Destroyed %n sandbox(es)</source>
        <translation>
            <numerusform>已销毁 %n 个沙箱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/mainwindow.cpp" line="228"/>
        <source>Destroyed %n sandbox(es); %1 kept, see the activity log</source>
        <translation>
            <numerusform>已销毁 %n 个沙箱；保留 %1 个，请查看活动日志</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="234"/>
        <source>Template &quot;%1&quot; created</source>
        <translation>已创建模板“%1”</translation>
    </message>
</context>
<context>
    <name>shoal::ui::NewSandboxDialog</name>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="28"/>
        <source>New sandbox</source>
        <translation>新建沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="32"/>
        <source>%1 (%2 vCPU, %3)</source>
        <translation>%1（%2 vCPU，%3）</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="39"/>
        <source>Placement policy decides (pending queue)</source>
        <translation>由放置策略决定（排队）</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="43"/>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="51"/>
        <source>Generated when empty</source>
        <translation>留空则自动生成</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="52"/>
        <source>With a count above 1, the sandboxes are named NAME-1, NAME-2 and so on.</source>
        <translation>数量大于 1 时，沙箱依次命名为 名称-1、名称-2 等。</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="57"/>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="58"/>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="59"/>
        <source>&amp;Count:</source>
        <translation>数量(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="60"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="88"/>
        <source>No template is available yet. Wait until the fleet has loaded.</source>
        <translation>暂无可用模板，请等待集群加载完成。</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="90"/>
        <source>Choose a template.</source>
        <translation>请选择模板。</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="92"/>
        <source>The count must be between 1 and %1.</source>
        <translation>数量必须在 1 到 %1 之间。</translation>
    </message>
    <message>
        <location filename="../../ui/newsandboxdialog.cpp" line="100"/>
        <source>Invalid name: %1</source>
        <translation>名称无效：%1</translation>
    </message>
</context>
<context>
    <name>shoal::ui::OperationListModel</name>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="32"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="69"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="70"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="71"/>
        <source>Phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="72"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="73"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="74"/>
        <source>Phase timings</source>
        <translation>阶段耗时</translation>
    </message>
    <message>
        <location filename="../../ui/operationlistmodel.cpp" line="75"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>shoal::ui::OverviewPanel</name>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="106"/>
        <source>Sandboxes per zone, stacked by pool</source>
        <translation>各可用区的沙箱数（按池堆叠）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="108"/>
        <source>Sandboxes</source>
        <translation>沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="109"/>
        <source>Zone (click to select it)</source>
        <translation>可用区（单击选中）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="123"/>
        <source>Allocation and use per pool and unit</source>
        <translation>各池与单元的分配和使用</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="125"/>
        <source>% of capacity</source>
        <translation>占容量的百分比</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="132"/>
        <source>vCPUs allocated</source>
        <translation>已分配 vCPU</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="132"/>
        <source>memory allocated</source>
        <translation>已分配内存</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="132"/>
        <source>CPU in use</source>
        <translation>CPU 使用</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="146"/>
        <source>Pending queue and oldest wait</source>
        <translation>排队队列与最久等待</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="148"/>
        <location filename="../../ui/overviewpanel.cpp" line="162"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="149"/>
        <source>Pending sandboxes</source>
        <translation>排队沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="151"/>
        <source>Oldest wait (s)</source>
        <translation>最久等待（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="160"/>
        <source>Overflow use and bursting sandboxes</source>
        <translation>溢出使用与突发中的沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="163"/>
        <source>% in overflow units</source>
        <translation>溢出单元中的百分比</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="165"/>
        <source>Bursting sandboxes</source>
        <translation>突发中的沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="348"/>
        <source>(no unit)</source>
        <translation>（无单元）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="350"/>
        <source>(overflow)</source>
        <translation>（溢出）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="350"/>
        <source>%1 (overflow)</source>
        <translation>%1（溢出）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="373"/>
        <source>pending</source>
        <translation>排队</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="375"/>
        <source>oldest wait</source>
        <translation>最久等待</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="384"/>
        <source>overflow above %1 pending</source>
        <translation>排队超过 %1 个时溢出</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="391"/>
        <source>overflow after %1 s wait</source>
        <translation>等待超过 %1 秒后溢出</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="403"/>
        <source>in overflow units (%)</source>
        <translation>在溢出单元中（%）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="406"/>
        <source>in burst window</source>
        <translation>处于突发窗口</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="427"/>
        <source>%1 in pool %2</source>
        <translation>池 %2 中的 %1</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="431"/>
        <source>Zone %1: %2 sandboxes (%3). Click to select the zone in the fleet tree.</source>
        <translation>可用区 %1：%2 个沙箱（%3）。单击可在集群树中选中该可用区。</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="454"/>
        <source>Pool %1, %2: %3 %</source>
        <translation>池 %1，%2：%3%</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="457"/>
        <source>%1: %2, %3 s ago</source>
        <translation>%1：%2，%3 秒前</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation type="vanished">可用区</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="309"/>
        <location filename="../../ui/overviewpanel.cpp" line="432"/>
        <source>(no zone)</source>
        <translation>（无可用区）</translation>
    </message>
    <message>
        <location filename="../../ui/overviewpanel.cpp" line="319"/>
        <location filename="../../ui/overviewpanel.cpp" line="351"/>
        <location filename="../../ui/overviewpanel.cpp" line="427"/>
        <source>(no pool)</source>
        <translation>（无池）</translation>
    </message>
</context>
<context>
    <name>shoal::ui::PlacementPanel</name>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <location filename="../../ui/placementpanel.cpp" line="62"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <location filename="../../ui/placementpanel.cpp" line="62"/>
        <location filename="../../ui/placementpanel.cpp" line="82"/>
        <source>Sandboxes</source>
        <translation>沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <source>Max</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <source>Overflow</source>
        <translation>溢出</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="56"/>
        <source>Taking new</source>
        <translation>接受新沙箱</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="60"/>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="62"/>
        <source>Zone</source>
        <translation>可用区</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="71"/>
        <source>Edit policy…</source>
        <translation>编辑策略…</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="78"/>
        <source>Pending queue and sandboxes per unit</source>
        <translation>排队队列与各单元沙箱数</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="81"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="92"/>
        <source>Where would</source>
        <translation>如果再启动</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="94"/>
        <source>more sandboxes of template</source>
        <translation>个沙箱，模板为</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="96"/>
        <source>land?</source>
        <translation>，会放在哪里？</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="100"/>
        <source>Nothing is created: the calculation runs on a copy of the fleet and the queue.</source>
        <translation>不会创建任何东西：计算在集群和队列的副本上进行。</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="101"/>
        <source>What if</source>
        <translation>假设分析</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="150"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="169"/>
        <source>Shoal&apos;s default policy</source>
        <translation>Shoal 的默认策略</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="169"/>
        <source>the applied policy</source>
        <translation>已应用的策略</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="170"/>
        <source>Placement follows %1: units tried in order %2.</source>
        <translation>放置遵循%1：依次尝试单元 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="177"/>
        <source>more than %1 pending</source>
        <translation>排队超过 %1 个</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="179"/>
        <source>a wait over %1 s</source>
        <translation>等待超过 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="180"/>
        <source>Pending: %1 · oldest waiting %2 s</source>
        <translation>排队：%1 · 最久已等待 %2 秒</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="182"/>
        <source> · overflow opens on %1</source>
        <translation> · 溢出开启条件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="182"/>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="192"/>
        <location filename="../../ui/placementpanel.cpp" line="193"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="192"/>
        <location filename="../../ui/placementpanel.cpp" line="193"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="244"/>
        <source>unit %1</source>
        <translation>单元 %1</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="250"/>
        <source>pending</source>
        <translation>排队</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="259"/>
        <source>overflow threshold (%1 pending)</source>
        <translation>溢出阈值（排队 %1 个）</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="280"/>
        <source>%1 of %2 would be placed now, %3 would stay pending. Overflow: %4.</source>
        <translation>%2 个中有 %1 个会立即放置，%3 个将继续排队。溢出：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="284"/>
        <source>used</source>
        <translation>会使用</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="284"/>
        <source>not used</source>
        <translation>不会使用</translation>
    </message>
    <message>
        <location filename="../../ui/placementpanel.cpp" line="286"/>
        <source>The %1 already pending go first.</source>
        <translation>已在排队的 %1 个优先。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::PolicyDialog</name>
    <message>
        <location filename="../../ui/policydialog.cpp" line="38"/>
        <source>Placement policy</source>
        <translation>放置策略</translation>
    </message>
    <message>
        <location filename="../../ui/policydialog.cpp" line="47"/>
        <source>Units are tried in order; an overflow unit with &quot;when&quot; takes sandboxes only while its condition holds. The policy in force stays until a valid one is applied.</source>
        <translation>单元按顺序尝试；带“when”的溢出单元仅在其条件成立时接受沙箱。在应用有效策略之前，当前策略保持生效。</translation>
    </message>
    <message>
        <location filename="../../ui/policydialog.cpp" line="68"/>
        <source>Applied. New sandboxes are placed under this policy.</source>
        <translation>已应用。新沙箱将按此策略放置。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/policydialog.cpp" line="94"/>
        <source>Valid: %n unit(s).</source>
        <translation>
            <numerusform>有效：%n 个单元。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/policydialog.cpp" line="124"/>
        <source>Applying…</source>
        <translation>正在应用…</translation>
    </message>
    <message>
        <location filename="../../ui/policydialog.cpp" line="134"/>
        <source>Not applied; the policy in force is unchanged. %1</source>
        <translation>未应用；当前策略保持不变。%1</translation>
    </message>
</context>
<context>
    <name>shoal::ui::SandboxCharts</name>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="32"/>
        <location filename="../../ui/sandboxcharts.cpp" line="54"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="33"/>
        <source>balloon actual</source>
        <translation>气球实际值</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="34"/>
        <source>guest in use</source>
        <translation>客户机已用</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="35"/>
        <source>read</source>
        <translation>读</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="36"/>
        <source>write</source>
        <translation>写</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="37"/>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="38"/>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="54"/>
        <source>% of one core</source>
        <translation>占一个核心的百分比</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="54"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="54"/>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="55"/>
        <source>Disk I/O</source>
        <translation>磁盘 I/O</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="55"/>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="55"/>
        <source>Network I/O</source>
        <translation>网络 I/O</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="130"/>
        <source>Burst: no burst window yet.</source>
        <translation>突发：尚无突发窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="131"/>
        <source>Burst window open</source>
        <translation>突发窗口开启中</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="131"/>
        <source>Last burst window closed</source>
        <translation>上一个突发窗口已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="132"/>
        <source>CPU planned %1 per vCPU</source>
        <translation>CPU 计划每 vCPU %1</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="133"/>
        <location filename="../../ui/sandboxcharts.cpp" line="136"/>
        <source>, applied %1</source>
        <translation>，已应用 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="134"/>
        <location filename="../../ui/sandboxcharts.cpp" line="137"/>
        <source>, not applied</source>
        <translation>，未应用</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="135"/>
        <source>memory planned %1</source>
        <translation>内存计划 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxcharts.cpp" line="140"/>
        <source>This host cannot apply quotas, so the plan is shown only.</source>
        <translation>此主机无法应用配额，因此仅显示计划。</translation>
    </message>
</context>
<context>
    <name>shoal::ui::SandboxTableModel</name>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="156"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="157"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="158"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="159"/>
        <source>Zone</source>
        <translation>可用区</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="160"/>
        <source>Pool</source>
        <translation>池</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="161"/>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="162"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../ui/sandboxtablemodel.cpp" line="163"/>
        <source>Uptime</source>
        <translation>运行时长</translation>
    </message>
</context>
<context>
    <name>shoal::ui::SandboxesPanel</name>
    <message>
        <location filename="../../ui/sandboxespanel.cpp" line="23"/>
        <source>Filter by name, host, zone, pool or state</source>
        <translation>按名称、主机、可用区、池或状态筛选</translation>
    </message>
</context>
<context>
    <name>shoal::ui::TemplateDialog</name>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="29"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="35"/>
        <source> % of a CPU per vCPU</source>
        <translation> % 个 CPU／每 vCPU</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="39"/>
        <source> ×</source>
        <translation> ×</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="41"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="42"/>
        <source>no burst</source>
        <translation>无突发</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="45"/>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="46"/>
        <source>template memory</source>
        <translation>模板内存</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="50"/>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="51"/>
        <source>Baseline CPU:</source>
        <translation>基线 CPU：</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="52"/>
        <source>Burst factor:</source>
        <translation>突发倍数：</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="53"/>
        <source>Burst window:</source>
        <translation>突发窗口：</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="54"/>
        <source>Burst memory:</source>
        <translation>突发内存：</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="73"/>
        <source>Saved the burst plan of template &quot;%1&quot;; it applies from the next start or wake.</source>
        <translation>已保存模板“%1”的突发计划；从下次启动或唤醒起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="124"/>
        <source>Sandboxes run at %1 % CPU per vCPU, with no burst.</source>
        <translation>沙箱以每 vCPU %1% 的 CPU 运行，不突发。</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="128"/>
        <source>For %1 s after each start or wake: %2 % CPU per vCPU and %3 MiB, then %4 % and %5 MiB.</source>
        <translation>每次启动或唤醒后的 %1 秒内：每 vCPU %2% CPU 和 %3 MiB，之后为 %4% 和 %5 MiB。</translation>
    </message>
    <message>
        <location filename="../../ui/templatedialog.cpp" line="141"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>shoal::ui::WarmPoolPanel</name>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="26"/>
        <source>filling</source>
        <translation>正在填充</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/warmpoolpanel.cpp" line="28"/>
        <source>retrying after %n failure(s)</source>
        <translation>
            <numerusform>%n 次失败后重试</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="30"/>
        <source>below target</source>
        <translation>低于目标</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="32"/>
        <source>removing entries</source>
        <translation>正在移除条目</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="33"/>
        <source>full</source>
        <translation>已满</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="45"/>
        <source>Set size</source>
        <translation>设置大小</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="49"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="49"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="49"/>
        <source>Ready / target</source>
        <translation>就绪 / 目标</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="49"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="49"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="55"/>
        <source>Paused sandboxes kept ready on the host; 0 removes them</source>
        <translation>在主机上保持就绪的已暂停沙箱；设为 0 即移除</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="59"/>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="61"/>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="63"/>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="117"/>
        <source>No connected host can start sandboxes from a warm state, so none can keep a warm pool.</source>
        <translation>没有已连接的主机能从预热状态启动沙箱，因此无法保留预热池。</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="118"/>
        <source>No connected host</source>
        <translation>没有已连接的主机</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="144"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/warmpoolpanel.cpp" line="165"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/warmpoolpanel.cpp" line="172"/>
        <source>The warm pool of template &quot;%1&quot; on host &quot;%2&quot; keeps %n paused sandbox(es).</source>
        <translation>
            <numerusform>模板“%1”在主机“%2”上的预热池保留 %n 个已暂停的沙箱。</numerusform>
        </translation>
    </message>
</context>
</TS>
