{% load static %}<?xml version="1.0" encoding="utf-8"?>
<!-- How a browser shows the portal's Atom and RSS feeds (disclosures/feeds.py): a page saying how to subscribe,
     then the entries. Feed readers ignore it. Nothing inline (no style attribute, no script): the feed's
     Content-Security-Policy applies to this page too. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="address" select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/atom:link[@rel='self']/@href"/>
  <xsl:variable name="page" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>

  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/>（订阅源）</title>
        <link rel="stylesheet" href="{% static 'css/portal.css' %}"/>
        <link rel="stylesheet" href="{% static 'css/feed.css' %}"/>
      </head>
      <body>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-brand" href="{% url 'disclosures:home' %}">
              <span class="site-brand__emblem" aria-hidden="true">公开</span>
              <span class="site-brand__name">{{ portal_site_name }}</span>
            </a>
          </div>
        </header>
        <main id="main" class="container site-main">
          <h1 class="page-title"><xsl:value-of select="$title"/></h1>
          <section class="notice notice--info" aria-labelledby="feed-help">
            <h2 id="feed-help" class="notice__title">如何订阅</h2>
            <p>这是本栏目的订阅源（Atom / RSS），是给订阅工具（阅读器）读取的。订阅以后，本栏目每发布一条政府信息、每更正一条已发布的信息，订阅工具都会提示您，不必再来网站查看。</p>
            <ol>
              <li>复制本页地址：<code class="feed-address"><xsl:value-of select="$address"/></code></li>
              <li>打开订阅工具（RSS 阅读器、邮件客户端或浏览器的订阅功能等），选择“添加订阅”，粘贴这个地址。</li>
            </ol>
            <p>不用订阅工具，也可以<a href="{$page}">在网站上浏览本栏目</a>。</p>
          </section>
          <h2 class="section-title">最新公开的信息</h2>
          <xsl:choose>
            <xsl:when test="/atom:feed/atom:entry | /rss/channel/item">
              <ul class="record-list">
                <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
              </ul>
            </xsl:when>
            <xsl:otherwise>
              <p class="empty">本栏目暂无公开的信息。</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="record-list__item">
      <a class="record-list__title" href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <p class="record-list__meta">
        <span>发布日期：<time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></span>
        <xsl:if test="substring(atom:updated, 1, 19) != substring(atom:published, 1, 19)">
          <span>更正日期：<time datetime="{atom:updated}"><xsl:value-of select="substring(atom:updated, 1, 10)"/></time></span>
        </xsl:if>
        <span><xsl:value-of select="atom:author/atom:name"/></span>
      </p>
      <p class="record-list__meta"><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li class="record-list__item">
      <a class="record-list__title" href="{link}"><xsl:value-of select="title"/></a>
      <p class="record-list__meta"><span>发布时间：<xsl:value-of select="pubDate"/></span></p>
      <p class="record-list__meta"><xsl:value-of select="description"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
